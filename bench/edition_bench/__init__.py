"""The parts of bench/run.py: the machine and its load (env), copies and builds (builds), the editorial loop
(loop), the scaled copies (scaling), pages in Chromium (pages), Lighthouse (lighthouse) and the report (report)."""
