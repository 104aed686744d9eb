# ntools: GNU make.  See README.md; `make help` lists the targets.

VERSION	= 0.1.0
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/ntools
MANDIR	?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR	?=

CC	?= cc
CFLAGS	?= -O2 -g
FUZZ_SECONDS ?= 60

PKGS	= yaml-0.1 libpcre2-8 libutf8proc sqlite3 libxxhash libxml-2.0
# Debian packages a fresh machine needs to build, test and lint
# (chromium and its font render the nstats report in tests/nstats.bats;
# parallel, slurm-wlm and munge run npipe's engines in
# tests/npipe-engines.bats, openssh-server its --sshlogin over ssh).
DEBS	= build-essential pkg-config libyaml-dev libpcre2-dev libutf8proc-dev \
	  libsqlite3-dev libxxhash-dev libxml2-dev bats bats-assert \
	  bats-support jq mandoc python3 time chromium fonts-dejavu-core zsh \
	  wordnet-base parallel slurm-wlm munge openssh-server
DEBS_FUZZ = clang libclang-rt-14-dev libjansson-dev

WARN	= -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	  -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wvla \
	  -Wno-unused-parameter
ifdef WERROR
WARN	+= -Werror
endif

# Deferred (=) so that `make deps` can install pkg-config and the
# libraries before anything asks pkg-config about them.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))

# Warnings and the project's own flags survive a user's CFLAGS.
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) -iquote lib -MMD -MP \
	$(PKG_CFLAGS) -DNT_VERSION='"$(VERSION)"' \
	-DNT_DATADIR='"$(DATADIR)"' -DNT_BINDIR='"$(BINDIR)"'
override LDLIBS += $(PKG_LIBS) -lm

LIB_SRC	= $(wildcard lib/*/*.c)
LIB_OBJ	= $(LIB_SRC:.c=.o)
LIB	= lib/libntools.a
TOOLS	= $(patsubst %.c,%,$(wildcard tools/*.c))
UNIT	= $(patsubst %.c,%,$(wildcard tests/unit/test_*.c))
TESTBIN	= $(patsubst %.c,%,$(wildcard tests/bin/*.c))
FUZZ	= $(patsubst %.c,%,$(wildcard tests/fuzz/fuzz_*.c))
MAN	= $(wildcard man/man1/*.1 man/man5/*.5 man/man7/*.7)
COMPLETIONS = $(patsubst tools/%,completion/bash/%,$(TOOLS)) \
	  $(patsubst tools/%,completion/zsh/_%,$(TOOLS))
# What under data/ builds the data rather than being read at run time:
# not installed.
DATA_SCRIPTS = ! -name '*.sh' ! -name '*.mjs' ! -name '*.py' \
	  ! -name '*.md' ! -name 'package*.json'

# The programs find their data at run time (ntools(7), FILES): beside
# the executable first, so the install needs no rebuild for its PREFIX.

.PHONY: all deps deps-fuzz run test check lint asan fuzz bench eval \
	train clusters install uninstall print-datadir clean help

all: $(TOOLS) $(COMPLETIONS)

# Shell completion, made from each program's own --describe-options.
completion/bash/%: tools/% completion/gen.sh
	@mkdir -p completion/bash
	sh completion/gen.sh bash $< >$@.tmp && mv $@.tmp $@

completion/zsh/_%: tools/% completion/gen.sh
	@mkdir -p completion/zsh
	sh completion/gen.sh zsh $< >$@.tmp && mv $@.tmp $@

help:
	@echo "make            build the tools into tools/"
	@echo "make run        install what is missing, build, run the example job"
	@echo "make test       install what is missing, build, run every test"
	@echo "make check      test, then lint the man pages and the sources"
	@echo "make asan       the test suite under address + UB sanitizers"
	@echo "make fuzz       libFuzzer targets, FUZZ_SECONDS each (default $(FUZZ_SECONDS))"
	@echo "make bench      throughput and memory beside jq -c ., fastest of BENCH_RUNS (3) runs, each after one of jq (needs ../shared)"
	@echo "make eval       accuracy on the development gold data (needs ../shared)"
	@echo "make train      rebuild nentities' model (needs ../shared, or DATA=files)"
	@echo "make clusters   relearn its word clusters (needs ../shared)"
	@echo "make install    into DESTDIR PREFIX (default $(PREFIX))"

$(LIB): $(LIB_OBJ)
	$(AR) rcs $@ $(LIB_OBJ)

tools/%: tools/%.c $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

tests/unit/%: tests/unit/%.c $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

tests/bin/%: tests/bin/%.c $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

-include $(LIB_SRC:.c=.d) $(TOOLS:=.d) $(UNIT:=.d) $(TESTBIN:=.d)

# Install what a fresh Debian machine lacks: as root with apt-get,
# otherwise print the command to run and stop.
deps:
	@sh tests/deps.sh $(DEBS)

deps-fuzz:
	@sh tests/deps.sh $(DEBS_FUZZ)

run: deps
	@$(MAKE) --no-print-directory all
	./tools/npipe pipelines/news.yaml

test: deps
	@$(MAKE) --no-print-directory all $(UNIT) $(TESTBIN)
	@sh tests/run.sh $(UNIT)

lint:
	mandoc -Tlint -Wwarning $(MAN)
	@sh tests/lint.sh

check: test lint

# Sanitized objects must not outlive the run, pass or fail.
asan:
	@$(MAKE) --no-print-directory clean
	@NT_SANITIZED=1 $(MAKE) --no-print-directory test \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined'; \
	status=$$?; $(MAKE) --no-print-directory clean; exit $$status

fuzz: deps-fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ)

bench: all $(TESTBIN)
	@sh tests/bench.sh

eval: all
	@sh tests/eval.sh

# The name model, from the training corpora (or DATA="files"); see
# data/nentities/train.sh and nentities-train(1).
train: tools/nentities tools/nentities-train
	@DATA="$(DATA)" MODEL="$(MODEL)" sh data/nentities/train.sh

# The word clusters the model is trained with, from unlabelled news.
SHARED ?= ../shared
clusters: tools/nentities-train
	gzip -dc $(SHARED)/corpora/news.ndjson.gz | \
	    tools/nentities-train -q --make-clusters -o data/nentities/clusters.tsv

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)
	(cd data && find . -type f $(DATA_SCRIPTS) | while read -r f; do \
	    install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/$$f"; done)
	for m in $(MAN); do \
	    s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; done
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 644 completion/bash/* $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 completion/zsh/_* $(DESTDIR)$(ZSHCOMPDIR)

print-datadir:
	@echo $(DATADIR)

uninstall:
	for t in $(notdir $(TOOLS)); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	rm -rf $(DESTDIR)$(DATADIR)
	for m in $(MAN); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m); \
	done
	for t in $(notdir $(TOOLS)); do \
	    rm -f $(DESTDIR)$(BASHCOMPDIR)/$$t $(DESTDIR)$(ZSHCOMPDIR)/_$$t; \
	done

clean:
	rm -f $(LIB) lib/*/*.o lib/*/*.d $(TOOLS) tools/*.d $(UNIT) tests/unit/*.d \
	    $(TESTBIN) tests/bin/*.d $(FUZZ)
	rm -rf completion/bash completion/zsh
