# Test targets; included by the top-level Makefile.
check: check-unit check-cli check-bpf check-vm
