#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs tests/schemas.py with a Python that has jsonschema (Debian: python3-jsonschema).
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import jsonschema' 2>/dev/null; then exec "$py" "$(dirname "$0")/schemas.py" "$@"; fi
done
echo "schemas: no python3 with jsonschema (apt-get install python3-jsonschema)" >&2
exit 1
