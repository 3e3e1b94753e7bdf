# xvs build.  `make` builds everything into build/; `make demo` runs the lab
# demo; `make test` runs every test.  Missing Debian packages are installed by
# `make deps`, which the other top-level targets call first.

.DELETE_ON_ERROR:
# Objects only the unit tests link are not intermediates to delete after each build.
.SECONDARY:
.SUFFIXES:

BUILD := build
CC := gcc
CLANG := clang
BPFTOOL := bpftool
ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)

CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -Iinclude -Ilib -I$(BUILD)
BPF_CFLAGS := -O2 -g -Wall -Wextra -Werror -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) \
	-Iinclude -Ibpf -I/usr/include/$(MULTIARCH)
LDLIBS := -lbpf -lxdp -lmnl -lelf -lz
XVSD_LDLIBS := -luv -lcurl -lcares -lcrypto

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# Debian packages the build, the lab, the tests and the benchmarks need.
DEPS := clang llvm gcc make pkg-config libbpf-dev bpftool libxdp-dev xdp-tools \
	libelf-dev zlib1g-dev libmnl-dev libcmocka-dev libpopt-dev iproute2 ethtool \
	nginx-light curl wrk tcpdump procps psmisc iputils-ping util-linux \
	haproxy nftables gnuplot-nox time jq \
	libuv1-dev libcurl4-openssl-dev libc-ares-dev libssl-dev openssl keepalived

BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
SKELS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
BPF_HDRS := $(wildcard bpf/*.h) $(wildcard include/xvs/*.h)

LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(patsubst lib/%.c,$(BUILD)/obj/lib/%.o,$(LIB_SRCS))
LIB_HDRS := $(wildcard lib/*.h) $(wildcard include/xvs/*.h)

XVSADM_SRCS := $(wildcard xvsadm/*.c)
XVSADM_OBJS := $(patsubst xvsadm/%.c,$(BUILD)/obj/xvsadm/%.o,$(XVSADM_SRCS))
XVSADM_LIBOBJS := $(filter-out $(BUILD)/obj/xvsadm/main.o,$(XVSADM_OBJS))

XVSD_SRCS := $(wildcard xvsd/*.c)
XVSD_OBJS := $(patsubst xvsd/%.c,$(BUILD)/obj/xvsd/%.o,$(XVSD_SRCS))
XVSD_LIBOBJS := $(filter-out $(BUILD)/obj/xvsd/main.o,$(XVSD_OBJS))

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
BPFT_SRCS := $(wildcard tests/bpf/test_*.c)
BPFT_BINS := $(patsubst tests/bpf/%.c,$(BUILD)/tests/%,$(BPFT_SRCS))

PROGS := $(BUILD)/xvsadm $(BUILD)/xvsd $(BUILD)/xvsadm-save $(BUILD)/xvsadm-restore $(BUILD)/xvs-realserver
BENCH := $(BUILD)/bench/prog_cost $(BUILD)/bench/reflect.bpf.o $(BUILD)/bench/sink.bpf.o \
	$(BUILD)/bench/flood.bpf.o $(BUILD)/bench/xdp_flood
TOOLS := $(BUILD)/tests/xvs-sctp-peer $(BUILD)/tests/xvs-udp-peer

.PHONY: all deps demo test check clean bench
all: $(BPF_OBJS) $(SKELS) $(BUILD)/libxvs.a $(PROGS) $(UNIT_BINS) $(BPFT_BINS) $(BENCH) $(TOOLS)

deps:
	@missing=""; for p in $(DEPS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends $$missing; \
	fi

demo: deps
	$(MAKE) all
	lab/demo

test: deps
	$(MAKE) all
	tests/run

bench: deps
	$(MAKE) all
	bench/run

$(BUILD) $(BUILD)/obj/lib $(BUILD)/obj/xvsadm $(BUILD)/obj/xvsd $(BUILD)/tests $(BUILD)/bench:
	$(Q)mkdir -p $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(BPF_HDRS) | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@

$(BUILD)/obj/lib/%.o: lib/%.c $(LIB_HDRS) $(SKELS) | $(BUILD)/obj/lib
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libxvs.a: $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)ar rcs $@ $^

$(BUILD)/obj/xvsadm/%.o: xvsadm/%.c $(wildcard xvsadm/*.h) $(LIB_HDRS) | $(BUILD)/obj/xvsadm
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Ixvsadm -c $< -o $@

$(BUILD)/obj/xvsd/%.o: xvsd/%.c $(wildcard xvsd/*.h) $(LIB_HDRS) | $(BUILD)/obj/xvsd
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Ixvsd -c $< -o $@

$(BUILD)/xvsadm: $(XVSADM_OBJS) $(BUILD)/libxvs.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lpopt

$(BUILD)/xvsd: $(XVSD_OBJS) $(BUILD)/libxvs.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(XVSD_LDLIBS)

$(BUILD)/xvs-realserver: realserver/xvs-realserver.c $(BUILD)/libxvs.a $(LIB_HDRS) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libxvs.a $(LDLIBS)

$(BUILD)/xvsadm-save: xvsadm/xvsadm-save | $(BUILD)
	$(Q)install -m 0755 $< $@

$(BUILD)/xvsadm-restore: xvsadm/xvsadm-restore | $(BUILD)
	$(Q)install -m 0755 $< $@

# Unit tests: cmocka, no root, link the pure parts of libxvs and xvsadm.
$(BUILD)/tests/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(BUILD)/libxvs.a $(XVSADM_LIBOBJS) $(XVSD_LIBOBJS) | $(BUILD)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Ixvsadm -Ixvsd -o $@ $< $(XVSADM_LIBOBJS) $(XVSD_LIBOBJS) $(BUILD)/libxvs.a $(LDLIBS) $(XVSD_LDLIBS) -lpopt -lcmocka

# BPF tests: BPF_PROG_TEST_RUN on hand-built packets (root).
$(BUILD)/tests/test_%: tests/bpf/test_%.c $(wildcard tests/bpf/*.h) tests/unit/ipvs_scan.h $(BUILD)/libxvs.a $(XVSD_LIBOBJS) | $(BUILD)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/bpf -Itests/unit -Ixvsd -o $@ $< $(XVSD_LIBOBJS) $(BUILD)/libxvs.a $(LDLIBS) $(XVSD_LDLIBS) -lcmocka

# Test peers: SCTP (the lab's kernel lacks it) and a UDP service.
$(BUILD)/tests/xvs-udp-peer: tests/tools/xvs-udp-peer.c | $(BUILD)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $<

$(BUILD)/tests/xvs-sctp-peer: tests/tools/xvs-sctp-peer.c include/xvs/crc32c.h | $(BUILD)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $<

$(BUILD)/bench/%.bpf.o: bench/%.bpf.c $(wildcard bench/*.h) | $(BUILD)/bench
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/bench/prog_cost: bench/prog_cost.c tests/bpf/pkt.h tests/bpf/addr.h $(BUILD)/libxvs.a | $(BUILD)/bench
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/bpf -o $@ $< $(BUILD)/libxvs.a $(LDLIBS)

# bench/pps's sender: BPF_PROG_RUN live frames, as xdp-trafficgen sends.
$(BUILD)/bench/xdp_flood: bench/xdp_flood.c bench/flood.h tests/bpf/pkt.h | $(BUILD)/bench
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/bpf -o $@ $< -lbpf -pthread

clean:
	rm -rf $(BUILD)
