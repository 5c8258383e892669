"""Knowledge library: documents and the search index; the models arrive with the library issue."""
