/* SPDX-License-Identifier: MIT */
/* headertest.c — yibao.h must compile alone, strictly (-std=c11 -pedantic -Werror). */
#include "yibao.h"

int main(void) { return YB_OK + (int)sizeof(yb_error) * 0; }
