"""Each man's lens: reading the chronology's wording for what it says about one man.

mentions.py holds the names each person goes by and where sentences end; corpus.py reads all
of a build's narratives at once into sentences and who each names; visibility.py
decides, entry by entry, whether an agency saw him, spoke to him, asked about him or recorded
that he was not seen, and states the gaps in words; who_knew.py builds the agency x factor
matrix. All of it is Qt-free and reads the case only through storage/lens_store.py.
"""
