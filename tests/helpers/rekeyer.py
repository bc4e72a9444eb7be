"""Child process for crash tests: changes a case's passphrase (to be killed part-way)."""

import sys

from storage.casefile import CaseFile

case = CaseFile.open(sys.argv[1], sys.argv[2])
print("ready", flush=True)
case.change_passphrase(sys.argv[3])
print("done", flush=True)
