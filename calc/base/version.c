/* SPDX-License-Identifier: MIT */
/*
** version.c
** The library's version, and the one free() for everything it hands out.
*/
#include <stdlib.h>

#include "base/base.h"

const char *yb_version(void) { return "yibao " YB_VERSION; }

void yb_free(void *p) { free(p); }
