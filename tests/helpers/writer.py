"""Child process for crash tests: commits a stream of transactions, printing each committed id.

Run as: python -m tests.helpers.writer CASE PASSPHRASE
"""

import sys

from storage.casefile import CaseFile
from storage.people import Person

case = CaseFile.open(sys.argv[1], sys.argv[2])
print("ready", flush=True)
i = 0
while True:
    i += 1
    with case.transaction(f"Add person {i}") as tx:
        tx.add(Person(f"P{i}", notes="x" * (i % 50) * 40))
        tx.add(Person(f"Q{i}"))
    print(i, flush=True)
