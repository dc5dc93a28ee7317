"""Front-end assets the book serves itself: plotly.js from the installed plotly package (PyPI), Leaflet
from node_modules (npm), and the theme's stylesheets reduced to what the site uses. Nothing is committed and nothing
is fetched from a CDN."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import EditionDataError
from .paths import files_digest

NPM_ASSETS = {
    # target folder under _static/vendor -> (npm package, files or folders inside it)
    "leaflet": ("leaflet", ["dist/leaflet.js", "dist/leaflet.css", "dist/images"]),
    "plotly-basic": ("plotly.js-basic-dist-min", ["plotly-basic.min.js"]),
}
#: Files served joined as one (one request instead of several): target under _static/vendor -> (npm package, files)
NPM_JOINED = {
    # Floating UI's dom needs its core loaded first
    "floating-ui/floating-ui.umd.min.js": ("@floating-ui", ["core/dist/floating-ui.core.umd.min.js",
                                                            "dom/dist/floating-ui.dom.umd.min.js"]),
}
PLOTLY_JS = "vendor/plotly/plotly.min.js"
#: plotly.js's official partial bundle (same version, from npm): a quarter of the size, so a page whose charts use
#: only these trace types draws in well under a second; any other trace type gets the full bundle.
PLOTLY_BASIC_JS = "vendor/plotly-basic/plotly-basic.min.js"
PLOTLY_BASIC_TYPES = frozenset({"scatter", "bar", "pie"})
LEAFLET_JS = "vendor/leaflet/leaflet.js"  # the maps' popups need no jQuery (maps.Popup)
LEAFLET_CSS = ["vendor/leaflet/leaflet.css"]
#: Floating UI keeps a note's popover inside the window (flip, shift, size).
FLOATING_UI_JS = "vendor/floating-ui/floating-ui.umd.min.js"  # fetched by edition.js at a reader's first note


def plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def bundle_version(path: Path) -> str:
    """The plotly.js version named in a bundle's licence header, e.g. '4.1.1'."""
    head = path.read_text(encoding="utf-8", errors="replace")[:400]
    match = re.search(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)", head)
    return match.group(1) if match else ""


def _same(src: Path, dst: Path) -> bool:
    return dst.exists() and src.stat().st_size == dst.stat().st_size and src.stat().st_mtime <= dst.stat().st_mtime


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        for f in src.rglob("*"):
            if f.is_file():
                _copy(f, dst / f.relative_to(src))
    elif not _same(src, dst):  # unchanged assets are not copied again (keeps no-change rebuilds fast)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def _package(root: Path, package: str) -> Path:
    base = root / "node_modules" / package
    if not base.is_dir():
        raise EditionDataError("package.json", package, None,
                               "npm package not installed; run `npm ci` (make book does this)")
    return base


def _join(sources: list[Path], dst: Path) -> None:
    """The scripts one after another (without their source-map comments: the maps are not served)."""
    text = "\n;\n".join(re.sub(r"^//# sourceMappingURL=.*$", "", f.read_text(encoding="utf-8"), flags=re.M).strip()
                         for f in sources) + "\n"
    if not dst.exists() or dst.read_text(encoding="utf-8") != text:  # unchanged: not rewritten (no-change rebuilds)
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text, encoding="utf-8")


def stage_vendor(root: Path, target: Path) -> Path:
    """Copy the assets into target/vendor/...; fail clearly if npm packages are not installed."""
    vendor = target / "vendor"
    for name, (package, items) in NPM_ASSETS.items():
        base = _package(root, package)
        for item in items:
            _copy(base / item, vendor / name / Path(item).name)
    for name, (package, items) in NPM_JOINED.items():
        base = _package(root, package)
        _join([base / item for item in items], vendor / name)
    _copy(plotly_js_source(), target / PLOTLY_JS)
    full, basic = bundle_version(target / PLOTLY_JS), bundle_version(target / PLOTLY_BASIC_JS)
    if full != basic:
        raise EditionDataError("package.json", "plotly.js-basic-dist-min", "version",
                               f"is {basic}, but the plotly package's plotly.js is {full}: pin the same version")
    return vendor


#: The theme's bootstrap.js, served rebuilt with only the Bootstrap components its templates and scripts use
#: (data-bs-toggle="dropdown" and "tooltip"; pydata-sphinx-theme.js's `bootstrap.Tooltip`): 48 KB instead of 79 KB
#: on every page. tests/test_page_assets.py fails if a page or script of the site asks for another.
BOOTSTRAP_JS = "scripts/bootstrap.js"
BOOTSTRAP_COMPONENTS = ("Dropdown", "Tooltip")
BOOTSTRAP_SCRIPT = Path(__file__).parent / "sphinxext" / "bundle-bootstrap.js"


def theme_bootstrap() -> tuple[Path, str]:
    """The theme's source for its bootstrap.js (shipped in its wheel) and the Bootstrap version its bundle has."""
    import pydata_sphinx_theme

    base = Path(pydata_sphinx_theme.__file__).parent
    entry = base / "assets" / "scripts" / "bootstrap.js"
    licence = base / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "bootstrap.js.LICENSE.txt"
    text = licence.read_text(encoding="utf-8") if licence.exists() else ""
    found = re.search(r"Bootstrap\s+v(\d+\.\d+\.\d+)", text)
    if not entry.is_file() or not found:
        raise EditionDataError("pydata-sphinx-theme", str(entry), None,
                               "the theme no longer ships its bootstrap.js source or its Bootstrap version: "
                               "take BOOTSTRAP_JS out of edition_utils.assets, or adapt it")
    return entry, found.group(1)


def stage_bootstrap(root: Path, target: Path) -> Path:
    """target/scripts/bootstrap.js: the theme's script bundled (sphinxext/bundle-bootstrap.js, esbuild) with the
    npm Bootstrap of the theme's own version, reduced to BOOTSTRAP_COMPONENTS. Bundled again only when an input
    changed (a digest in target/.bootstrap.json, a dotfile Sphinx does not copy)."""
    entry, wanted = theme_bootstrap()
    installed = json.loads((_package(root, "bootstrap") / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != wanted:
        raise EditionDataError("package.json", "bootstrap", "version",
                               f"is {installed}, but pydata-sphinx-theme is built on Bootstrap {wanted}: pin the same")
    dst, stamp = target / BOOTSTRAP_JS, target / ".bootstrap.json"
    inputs = [BOOTSTRAP_SCRIPT, *sorted(entry.parent.glob("*.js")), _package(root, "@popperjs/core") / "package.json",
              _package(root, "esbuild") / "package.json", _package(root, "bootstrap") / "package.json"]
    key = hashlib.sha256(b"".join(f.read_bytes() for f in inputs) + ",".join(BOOTSTRAP_COMPONENTS).encode()).hexdigest()
    if dst.exists() and stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")).get("key") == key:
        return dst
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(".bootstrap.tmp.js")  # a dotfile: a failed bundle is never served
    try:
        _node(root, BOOTSTRAP_SCRIPT, [entry, tmp, ",".join(BOOTSTRAP_COMPONENTS)], "bootstrap",
              "could not bundle the theme's bootstrap.js")
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    stamp.write_text(json.dumps({"key": key}), encoding="utf-8")
    return dst


MINIFY_SCRIPT = Path(__file__).parent / "sphinxext" / "minify-assets.js"
MINIFIED = (".css", ".js")
#: Sphinx's own scripts that pages load (every page the first two, the search page the third), served minified:
#: staged under the same names, they replace the theme's copies in _static.
SPHINX_JS = ["doctools.js", "sphinx_highlight.js", "searchtools.js"]


def sphinx_scripts() -> list[Path]:
    import sphinx

    return [Path(sphinx.__file__).parent / "themes" / "basic" / "static" / name for name in SPHINX_JS]


def _node(root: Path, script: Path, args: list, package: str, what: str) -> str:
    """Run one of the build's Node.js scripts with the npm packages of node_modules; its output."""
    node = shutil.which("node")
    if node is None:
        raise EditionDataError("node", None, None, f"Node.js is needed to build the book's stylesheets and scripts "
                               f"({script.name}, with {package} from npm): install Node.js, then `make book`")
    proc = subprocess.run([node, str(script), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "NODE_PATH": str(root / "node_modules")}, timeout=300)
    if proc.returncode != 0:
        raise EditionDataError("package.json", package, None, f"{what}: {proc.stderr[-600:]}")
    return proc.stdout


def _minifier(root: Path) -> bytes:
    """What a minified file depends on besides its source: the script and esbuild's version."""
    return MINIFY_SCRIPT.read_bytes() + (_package(root, "esbuild") / "package.json").read_bytes()


def minify(root: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Each (source, target): the stylesheet or script minified by esbuild (sphinxext/minify-assets.js), licence
    comments kept. One Node.js process for all of them."""
    if pairs:
        _node(root, MINIFY_SCRIPT, [p for pair in pairs for p in pair], "esbuild", "could not minify")


def stage_minified(root: Path, sources: list[Path], target: Path) -> list[Path]:
    """The files `sources` (the edition's own static folder's, Sphinx's scripts) into `target` for Sphinx to copy
    into _static, stylesheets and scripts minified; the repository keeps the readable ones. Cached: a file is
    minified again only when its source or the minifier changed (digests in target/.minified.json, a dotfile Sphinx
    does not copy). Returns the files minified."""
    index = target / ".minified.json"
    done = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
    key = _minifier(root) if any(f.suffix in MINIFIED for f in sources) else b""
    now, todo = {}, []
    for src in sorted(f for f in sources if f.is_file()):
        dst = target / src.name
        if src.suffix not in MINIFIED:
            _copy(src, dst)
            continue
        now[src.name] = hashlib.sha256(key + src.read_bytes()).hexdigest()[:16]
        if done.get(src.name) != now[src.name] or not dst.exists():
            todo.append((src, dst))
    for gone in set(done) - set(now):  # a file taken out of the source folder is not served any more
        (target / gone).unlink(missing_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    minify(root, todo)
    if now != done:
        index.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
    return [dst for _, dst in todo]


#: The theme's stylesheets, served as one file of only the rules the site uses (sphinxext/purge-theme-css.js, with
#: PurgeCSS from npm): in the order the theme links them, Sphinx's basic.css (which the theme's theme.css @imports),
#: pydata-sphinx-theme.css with Bootstrap and Font Awesome, and sphinx-book-theme.css (paths under _static); then
#: myst-nb's styles for notebook cells (from the myst_nb package: its copy in _static is written at build-finished).
THEME_CSS = ["basic.css", "styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css"]
BUNDLED_CSS = {"basic.css", "pydata-sphinx-theme.css", "sphinx-book-theme.css", "mystnb.css"}
EDITION_THEME_CSS = "styles/edition-theme.css"
PURGE_SCRIPT = Path(__file__).parent / "sphinxext" / "purge-theme-css.js"
_URL = re.compile(r"""url\(\s*(['"]?)(?!data:|[a-z]+://|/|#)([^'")]+)\1\s*\)""")


def _rebased(css: str, src: str, dst: str) -> str:
    """`css` of the file `src` with its relative url()s pointing at the same files from `dst` (paths in _static)."""
    def rebase(m):
        target = Path(src).parent / m.group(2)
        return f'url("{Path(os.path.relpath(target, Path(dst).parent)).as_posix()}")'
    return _URL.sub(rebase, css)


def _mystnb_css() -> str:
    from importlib import resources

    return (resources.files("myst_nb") / "static" / "mystnb.css").read_text(encoding="utf-8")


def has_theme_css(static: Path) -> bool:
    """Whether the book's theme (sphinx-book-theme on pydata-sphinx-theme) put the stylesheets we join in _static;
    with another theme (a test project, a plain Sphinx build) the pages keep the theme's own stylesheets."""
    return all((static / rel).is_file() for rel in THEME_CSS)


def theme_css_digest(static: Path) -> str:
    """A digest of the theme's stylesheets as Sphinx copied them into _static (for the link's ?v= query)."""
    h = hashlib.sha256(PURGE_SCRIPT.read_bytes() + MINIFY_SCRIPT.read_bytes() + Path(__file__).read_bytes())
    for rel in THEME_CSS:
        h.update((static / rel).read_bytes())
    h.update(_mystnb_css().encode())
    return h.hexdigest()[:12]


def _after_purge(root: Path) -> bytes:
    """What the reduced stylesheet depends on besides the purge: the minifier, and this module (how fonts are cut)."""
    return _minifier(root) + Path(__file__).read_bytes()


def _site_key(root: Path, site: Path, joined: str) -> str:
    """What the reduced stylesheet depends on: the input CSS, the purge script and what follows it, every page and
    every script."""
    pages = [f for f in site.rglob("*") if f.suffix in (".html", ".js") and "vendor" not in f.parts]
    return files_digest(pages, site, joined.encode() + PURGE_SCRIPT.read_bytes() + _after_purge(root))[:16]


class _Words:
    """What the purge script reads of the site, file by file, to tell without running it that its result cannot
    change: for every page, script and stylesheet (not the one it writes, nor the vendor scripts) the words and
    custom properties it shares with the input stylesheet, and for a page its <script> and <link> tags (which
    scripts and stylesheets the script reads). When no file's share changed, nor the set of files, the input, the
    script or what follows it (salt), the script's own key cannot have changed: it is a function of those alone.
    A file is read again only when its size or mtime changed; the shares are kept beside the site (a dotfile)."""

    # the script's own patterns, in ASCII as JavaScript's \w is
    WORD, VAR = re.compile(r"[A-Za-z0-9_-]+"), re.compile(r"--[A-Za-z0-9_-]+")
    TAG = re.compile(r"<(?:script|link)\b[^>]*>")

    def __init__(self, site: Path, joined: str, salt: str):
        self.record = site.parent / f".{site.name}-purge-words.json"
        try:
            old = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        head = hashlib.sha256(joined.encode() + PURGE_SCRIPT.read_bytes() + salt.encode()).hexdigest()
        kept = old.get("files", {}) if old.get("head") == head else {}
        vocab = None
        self.files = {}
        for f in sorted(site.rglob("*")):
            rel = f.relative_to(site).as_posix()
            if f.suffix not in (".html", ".js", ".css") or f == site / "_static" / EDITION_THEME_CSS or \
                    (f.suffix == ".js" and "vendor" in f.parts) or not f.is_file():
                continue
            stat = f.stat()
            seen = kept.get(rel)
            if seen and seen[0] == [stat.st_size, stat.st_mtime_ns]:
                self.files[rel] = seen
                continue
            vocab = vocab if vocab is not None else set(self.WORD.findall(joined))
            text = f.read_text(encoding="utf-8", errors="replace")
            share = " ".join(sorted(set(self.WORD.findall(text)) & vocab)) + "\0" + \
                " ".join(sorted(set(self.VAR.findall(text)) & vocab)) + "\0" + \
                ("\n".join(self.TAG.findall(text)) if f.suffix == ".html" else "")
            self.files[rel] = [[stat.st_size, stat.st_mtime_ns], hashlib.sha256(share.encode()).hexdigest()[:16]]
        self.head = head
        self.last = old.get("key") if old.get("head") == head else None
        self.key = hashlib.sha256(json.dumps([head, sorted((k, v[1]) for k, v in self.files.items())]).encode()
                                  ).hexdigest()

    def same_as_last(self) -> bool:
        return self.key == self.last

    def save(self) -> None:
        """After the script ran on the site as it is now."""
        tmp = self.record.with_name(self.record.name + ".tmp")
        tmp.write_text(json.dumps({"head": self.head, "key": self.key, "files": self.files}), encoding="utf-8")
        os.replace(tmp, self.record)


def purge_theme_css(root: Path, site: Path) -> bool:
    """Write _static/styles/edition-theme.css: THEME_CSS in order, less every rule no page or script of `site` can
    use. Scans the whole site, so run it once every page is written (build-finished). False if nothing it reads has
    changed since it last ran (a no-change rebuild), so the stylesheet is kept as it is."""
    static, out = site / "_static", site / "_static" / EDITION_THEME_CSS
    joined = "\n".join(_rebased(re.sub(r'@charset "[^"]*";', "", (static / rel).read_text(encoding="utf-8")),
                                rel, EDITION_THEME_CSS) for rel in THEME_CSS) + "\n" + _mystnb_css()
    site_key = _site_key(root, site, joined)
    css = out.read_text(encoding="utf-8") if out.exists() else ""
    last = re.search(r"\n/\* edition-theme (\w+) (\w+) \*/\n$", css)
    if last and last[1] == site_key:
        return False
    salt = hashlib.sha256(_after_purge(root)).hexdigest()[:16]  # a new minifier or font cut: purged again
    words = _Words(site, joined, salt)
    if last and words.same_as_last():  # the pages changed, but no file in a word the purge reads: no Node.js
        words.save()  # the files' new dates, so that they are not read again
        out.write_text(css[:last.start()] + f"\n/* edition-theme {site_key} {last[2]} */\n", encoding="utf-8")
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".css", encoding="utf-8", delete=False) as tmp:
        tmp.write(joined)
    try:
        said = _node(root, PURGE_SCRIPT, [out, site, last[2] if last else "-", salt, tmp.name], "purgecss",
                     "could not reduce the theme's CSS").split()
    finally:
        os.unlink(tmp.name)
    words.save()
    if said[0] == "unchanged":  # the pages changed, but not in a word the stylesheet's selectors use
        out.write_text(css[:last.start()] + f"\n/* edition-theme {site_key} {said[1]} */\n", encoding="utf-8")
        return False
    subset_icon_fonts(site)  # reads the icons' code points and font urls as PurgeCSS writes them, so before minifying
    minify(root, [(out, out)])
    with out.open("a", encoding="utf-8") as f:
        f.write(f"\n/* edition-theme {site_key} {said[1]} */\n")
    return True


#: Font Awesome's fonts served inside the stylesheet, once cut (subset_icon_fonts)
INLINE_FONTS = {"fa-solid-900"}


def subset_icon_fonts(site: Path) -> list[Path]:
    """Font Awesome's webfonts cut to the icons the reduced theme stylesheet still draws (fontTools): the 153 KB
    solid font becomes a few KB. Each cut font gets a name of its own (the icons' digest), the stylesheet points at
    it, and the theme's full fonts stay as they were. The solid one, which every page's header draws with, is put
    in the stylesheet itself (a data: URL): 2 KB, and a request less on every page."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    css_file = site / "_static" / EDITION_THEME_CSS
    css = css_file.read_text(encoding="utf-8")
    icons = sorted({int(h, 16) for value in re.findall(r'content:\s*"([^"]*)"', css)
                    for h in re.findall(r"\\([0-9a-fA-F]{2,6})", value)})
    tag = hashlib.sha256(",".join(map(str, icons)).encode()).hexdigest()[:8]
    written = []
    for ref in sorted(set(re.findall(r'url\("([^"]*/webfonts/[^"/.]+)\.woff2"\)', css))):
        src, dst = css_file.parent / f"{ref}.woff2", css_file.parent / f"{ref}.{tag}.woff2"
        if not dst.exists():
            font = TTFont(src, recalcTimestamp=False)  # the same bytes every build (no new "modified" date)
            cut = subset.Subsetter(subset.Options(flavor="woff2", layout_features=[], name_IDs=[1, 2]))
            cut.populate(unicodes=icons)
            cut.subset(font)
            font.flavor = "woff2"
            font.save(dst)
        url = f"{ref}.{tag}.woff2"
        if Path(ref).name in INLINE_FONTS:
            url = "data:font/woff2;base64," + base64.b64encode(dst.read_bytes()).decode("ascii")
        css = css.replace(f'url("{ref}.woff2")', f'url("{url}")')
        written.append(dst)
    css_file.write_text(css, encoding="utf-8")
    return written
