# SPDX-License-Identifier: GPL-2.0
#
# sysbpf: the Linux 6.1 BPF subsystem in user space.
#
# Each source directory has a Makefile listing its objects Kbuild-style
# (obj-y += foo.o); this file collects them into the core library, the
# preload shim, the CLI and the tests.
#
#   make                      build everything into $(O) (default build/)
#   make SANITIZE=address,undefined   the sanitizer build (into build-asan/)
#   make SANITIZE=thread      the TSan build (into build-tsan/)
#   make FUZZ=1 fuzz          the libFuzzer targets (into build-fuzz/)
#   make check                build and run all tests: "N passed, N failed"
#   make demo                 build and run the demo
#   make install PREFIX=...   headers, libraries, CLI and sysbpf.pc

PREFIX		?= /usr/local
CC		?= gcc
ifeq ($(origin CC),default)
CC		:= gcc
endif

# make FUZZ=1 fuzz: the libFuzzer targets, with clang, into build-fuzz/;
# with COVERAGE=1 instead the source-coverage build, into build-fuzzcov/
# (tools/testing/selftests/bpf/fuzz/coverage.sh)
ifneq ($(FUZZ),)
CC		:= clang
ifneq ($(COVERAGE),)
O		?= build-fuzzcov
SAN_FLAGS	:= -fsanitize=fuzzer-no-link -fprofile-instr-generate -fcoverage-mapping
else
O		?= build-fuzz
SAN_FLAGS	:= -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=all
endif
endif

ifneq ($(SANITIZE),)
ifeq ($(SANITIZE),thread)
O		?= build-tsan
else
O		?= build-asan
endif
SAN_FLAGS	:= -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
O		?= build

VERSION		:= 0.1.0
ARCH		:= $(shell uname -m)
MULTIARCH	:= $(shell gcc -dumpmachine)

CPPFLAGS	:= -Iinclude -I/usr/include/$(MULTIARCH) -D_GNU_SOURCE
CFLAGS		:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -fPIC \
		   -fvisibility=hidden -fno-strict-aliasing -Wno-unused-parameter \
		   -Wno-missing-field-initializers $(SAN_FLAGS) $(EXTRA_CFLAGS)
LDFLAGS		:= $(SAN_FLAGS)
LDLIBS		:= -lurcu-bp -lpthread -ldl

# Kbuild-style object lists, one Makefile a directory.
core-dirs	:= kernel kernel/bpf kernel/trace net/core net/bpf
define collect
obj-y :=
include $(1)/Makefile
core-objs += $$(addprefix $(O)/$(1)/,$$(obj-y))
endef
core-objs :=
$(foreach d,$(core-dirs),$(eval $(call collect,$(d))))

obj-y :=
include usr/shim/Makefile
shim-objs := $(addprefix $(O)/usr/shim/,$(obj-y))

CORE_LIB	:= $(O)/libsysbpf-core.a
SHIM_LIB	:= $(O)/libsysbpf.so
CLI		:= $(O)/sysbpf

all: $(CORE_LIB) $(SHIM_LIB) $(CLI) tests examples $(O)/tools/helper_matrix

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(CORE_LIB): $(core-objs)
	@rm -f $@
	ar rcs $@ $^

# The shim exports only the libc functions it interposes and the
# embedding API: nothing of the core may interpose on libbpf's symbols.
$(SHIM_LIB): $(shim-objs) $(CORE_LIB)
	$(CC) -shared $(LDFLAGS) -Wl,--version-script=usr/shim/libsysbpf.map \
		-Wl,-Bsymbolic -o $@ $(shim-objs) -Wl,--whole-archive $(CORE_LIB) \
		-Wl,--no-whole-archive $(LDLIBS)

$(CLI): $(O)/usr/sysbpf.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

include tools/testing/selftests/bpf/Makefile.include

examples: $(SHIM_LIB)
	$(MAKE) -s -C examples OUTPUT=$(abspath $(O))/examples

.PHONY: all check demo deps install clean examples tests bench bench-verifier compat-doc fuzz

deps:
	@scripts/deps.sh

demo: deps all
	@scripts/demo.sh $(O)

check: deps all
	@scripts/check.sh $(O)

install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/bin \
		$(DESTDIR)$(PREFIX)/include/sysbpf $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 0644 $(CORE_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 0755 $(SHIM_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 0755 $(CLI) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 include/sysbpf/*.h $(DESTDIR)$(PREFIX)/include/sysbpf/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
		scripts/sysbpf.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/sysbpf.pc

clean:
	rm -rf build build-asan build-tsan build-fuzz build-fuzzcov
	$(MAKE) -C examples clean OUTPUT=$(abspath build)/examples

-include $(core-objs:.o=.d) $(shim-objs:.o=.d)

# Benchmarks: same workload in the host kernel and in sysbpf, one run.
$(O)/bench/bench_syscall: tools/bench/bench_syscall.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fvisibility=default -o $@ $< $(CORE_LIB) $(LDFLAGS) $(LDLIBS)

# The verifier's: libbpf loads in the host kernel and through the shim
# (see Documentation/bpf/benchmarks.md); BENCH_VERIFIER_ARGS="-r 9" etc.
$(O)/bench/bench_verifier: tools/bench/bench_verifier.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
		-D_GNU_SOURCE -o $@ $< -lbpf -lelf -lz -lm

bench-verifier: $(O)/bench/bench_verifier $(SHIM_LIB) examples
	scripts/bench-verifier.sh $(O) $(BENCH_VERIFIER_ARGS)

bench: $(O)/bench/bench_syscall $(O)/bench/bench_verifier $(SHIM_LIB) examples
	$(O)/bench/bench_syscall
	scripts/bench-verifier.sh $(O) $(BENCH_VERIFIER_ARGS)

# libFuzzer targets (make FUZZ=1 fuzz; Documentation/bpf/fuzzing.md)
FUZZ_DIR	:= tools/testing/selftests/bpf/fuzz
FUZZ_TARGETS	:= $(O)/fuzz/fuzz_verifier
$(O)/fuzz/fuzz_verifier: $(FUZZ_DIR)/fuzz_verifier.c $(FUZZ_DIR)/insn_mutator.c \
		$(FUZZ_DIR)/fuzz_verifier.h $(FUZZ_DIR)/insn_mutator.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -fvisibility=default -o $@ \
		$(filter %.c,$^) $(CORE_LIB) $(LDFLAGS) $(LDLIBS)

fuzz: $(FUZZ_TARGETS)

$(O)/tools/helper_matrix: tools/compat/helper_matrix.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fvisibility=default -o $@ $< $(CORE_LIB) $(LDFLAGS) $(LDLIBS)

# Documentation/bpf/compat.md's tables follow the uapi and the build.
compat-doc: $(O)/tools/helper_matrix
	scripts/gen-compat.sh $(O)
