# SPDX-License-Identifier: GPL-2.0
# make rpm: the source tarball from the git tree, the spec from
# rpm/kvmexit.spec.in and debian/, then the source and binary RPMs, all
# under $(OUTPUT)/rpm (rpmbuild's _topdir).  Included by the top Makefile.

RPM_TOPDIR = $(abspath $(OUTPUT)/rpm)
RPM_SPEC = $(OUTPUT)/rpm/SPECS/kvmexit.spec

# Where rpm is not the package manager (it does not list itself: Debian),
# rpmbuild cannot check BuildRequires, whose packages dpkg has installed,
# and needs what Debian's rpm lacks next to Fedora's (rpm/debian.macros).
RPMBUILD_FLAGS ?= $(shell rpm -q rpm >/dev/null 2>&1 || \
	echo --nodeps --load rpm/debian.macros)

.PHONY: rpm
rpm:
	@mkdir -p $(OUTPUT)/rpm/SPECS $(OUTPUT)/rpm/SOURCES
	awk -f rpm/gen-spec.awk debian/control debian/changelog rpm/kvmexit.spec.in > $(RPM_SPEC)
	@# The tracked and the new, not ignored, files: what check-deb builds.
	v=$$(rpmspec -q --srpm --qf '%{version}' $(RPM_SPEC)) && \
	git ls-files -co --exclude-standard -z | \
		tar --null -T - --transform "s,^,kvmexit-$$v/," --sort=name \
			--owner=0 --group=0 --numeric-owner -czf \
			$(OUTPUT)/rpm/SOURCES/kvmexit-$$v.tar.gz
	@# The environment would hand this make's command line (OUTPUT)
	@# to the make in %build.
	env -u MAKEFLAGS -u MAKELEVEL -u OUTPUT rpmbuild -ba $(RPMBUILD_FLAGS) \
		--define '_topdir $(RPM_TOPDIR)' $(RPM_SPEC)
