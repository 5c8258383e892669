"""Generic document export helpers: HTML → PDF (WeasyPrint) and DOCX building (python-docx).

Both import their library lazily: `import weasyprint` alone costs ~0.5 s, which web processes that never
export should not pay.
"""
