# A one-chapter edition for the fast Sphinx tests (tests/test_sphinxext.py): the extension as Jupyter Book loads
# it, without Jupyter Book and without executing a notebook. The data and the seed are copied in from the real
# repository by the test (nothing here repeats them), so the chapter's text is drawn from the real seed 002.
project = "Test edition"
root_doc = "index"
extensions = ["myst_nb", "sphinxcontrib.bibtex", "edition_utils.sphinxext"]
exclude_patterns = ["_build", "data", "seeds", "src", "node_modules"]
html_theme = "basic"  # the fastest; sphinx-book-theme alone would take most of the build
# Stated, not left to the default: Sphinx 7.4 merges extensions' suffixes into the default dict itself, so an earlier
# Sphinx app in the same test process (test_bibliography's, with myst_parser) would leave ".md" -> "markdown" there.
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
nb_execution_mode = "off"  # figures.ipynb carries its outputs: the MIME renderers are tested, not the kernel
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["data/references.bib"]
bibtex_reference_style = "edition_author_date"
bibtex_default_style = "plain"
language = "en"
