#!/usr/bin/env bash
# Services the test suite needs beyond Python packages. Nothing yet: the PostgreSQL job
# arrives with the web issue and will be installed and started from here.
exit 0
