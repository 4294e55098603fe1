# cvpdf: `make` renders every layout of the CV into out/.
#   make classic | onepage | ovni | sidebar   one layout
#   make check                      what `make` would say, writing nothing
#   make watch                      render again on every save
#   make test                       the whole test suite
#   make previews                   page 1 of each layout and its letter for the README, and
#                                   docs/gallery.md's design variants, Arabic and Chinese CVs
#   make applications               each applications/<name>.md into out/<name>/
# Variables: DATA=path/to/cv.yaml, LANG_CV=en|fr|es, and CVPDF_FLAGS for
# more of cvpdf's options, which every rule gives last, after any subcommand:
#   make check CVPDF_FLAGS=--strict
CARGO ?= cargo
DATA ?= data/cv.yaml
LANG_CV ?=
CVPDF_FLAGS ?=
# Cargo builds into CARGO_TARGET_DIR when it is set (as .ci/run sets it).
BIN := $(or $(CARGO_TARGET_DIR),target)/release/cvpdf
LAYOUTS := classic onepage ovni sidebar
# The layouts with a letter of their own; the others take classic's.
LETTER_LAYOUTS := classic onepage ovni
LANG_FLAG := $(if $(LANG_CV),--lang $(LANG_CV))
SOURCES := Cargo.toml Cargo.lock $(shell find src layouts fonts -type f)

# An application builds again only when its letter, the CV or cvpdf changed.
APPLICATIONS := $(patsubst applications/%.md,out/%/.built,$(wildcard applications/*.md))

.PHONY: all $(LAYOUTS) check watch test previews applications

all: $(BIN)
	$(BIN) --data $(DATA) --layout all --output out $(LANG_FLAG) $(CVPDF_FLAGS)

$(LAYOUTS): $(BIN)
	$(BIN) --data $(DATA) --layout $@ --output out/cv-$@.pdf $(LANG_FLAG) $(CVPDF_FLAGS)

check: $(BIN)
	$(BIN) check $(DATA) --layout all $(LANG_FLAG) $(CVPDF_FLAGS)

watch: $(BIN)
	$(BIN) watch --data $(DATA) --layout all --output out $(LANG_FLAG) $(CVPDF_FLAGS)

applications: $(APPLICATIONS)

out/%/.built: applications/%.md $(DATA) $(BIN)
	$(BIN) apply $< --data $(DATA) --output out $(CVPDF_FLAGS)
	@touch $@

test:
	$(CARGO) test

# The letter of applications/acme.md in each layout: a copy whose front
# matter names the layout, since the front matter wins over --layout.
previews: $(BIN)
	for layout in $(LAYOUTS); do \
		$(BIN) --data $(DATA) --layout $$layout --format png --pages 1 --ppi 60 \
			--output docs/previews/$$layout.png $(LANG_FLAG) $(CVPDF_FLAGS) || exit 1; \
	done
	tmp=$$(mktemp -d) && for layout in $(LETTER_LAYOUTS); do \
		sed "s/^layout: .*/layout: $$layout/" applications/acme.md > $$tmp/letter-$$layout.md && \
		$(BIN) apply $$tmp/letter-$$layout.md --data $(DATA) --format png --pages 1 --ppi 60 \
			--names '{application}-{document}' --output $$tmp $(CVPDF_FLAGS) || exit 1; \
		for page in $$tmp/letter-$$layout/*-1.png; do \
			case $$page in *-CV-1.png) ;; *) cp $$page docs/previews/letter-$$layout-1.png ;; esac; \
		done; \
	done; rm -rf $$tmp
	tmp=$$(mktemp -d) && for variant in docs/gallery/*.design.yaml; do \
		name=$$(basename $$variant .design.yaml) && cat $$variant $(DATA) > $$tmp/$$name.yaml && \
		$(BIN) --data $$tmp/$$name.yaml --layout $${name%%-*} --format png --pages 1 --ppi 60 \
			--output docs/gallery/$$name.png $(CVPDF_FLAGS) || exit 1; \
	done; rm -rf $$tmp
	$(BIN) --data tests/realworld/script-ar.yaml --layout classic --format png --pages 1 --ppi 60 \
		--output docs/gallery/arabic-classic.png $(CVPDF_FLAGS)
	$(BIN) --data tests/realworld/script-zh.json --layout sidebar --format png --pages 1 --ppi 60 \
		--font-path tests/fixtures/fonts --output docs/gallery/chinese-sidebar.png $(CVPDF_FLAGS)

$(BIN): $(SOURCES)
	$(CARGO) build --release --locked
	@touch $@
