"""Each man's lens: reading the chronology's wording for what it says about one man.

mentions.py finds who each sentence names (and splits entries into sentences); visibility.py
decides, entry by entry, whether an agency saw him, spoke to him, asked about him or recorded
that he was not seen, and states the gaps in words; who_knew.py builds the agency x factor
matrix. All of it is Qt-free and reads the case only through storage/lens_store.py.
"""
