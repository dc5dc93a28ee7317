"""Code of the digital edition: seeds -> registry -> pure modules -> Sphinx extension and exports.

Layers only import downwards: ``seeds`` <- ``sources``/``passages`` <- ``anchoring``/``notes``/... <- ``sphinxext``/``exports``.
"""

__version__ = "0.1.0"
