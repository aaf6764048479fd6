/* SPDX-License-Identifier: MIT */
/*
** check_writer.c
** The JSON writer (calc/out/writer.c) against Jansson's own printing: strings of every
** length up to 80 bytes with an escape at every place, as values and as keys, compact and
** indented. Jansson is the reference the writer promises to match byte for byte.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"
#include "util.h"

/* One string written as a value in an array and as a key of an object, compared with
   what Jansson prints for the same (compact and indented). */
static void same_as_jansson(const char *s)
{
    for (int indent = 0; indent <= 2; indent += 2) {
        ybp_buf b = {0};
        ybp_w w;
        ybp_wbegin(&w, &b, indent);
        ybp_wopen(&w, '[');
        ybp_wstr(&w, s);
        ybp_wopen(&w, '{');
        ybp_wkey(&w, s);
        ybp_wmoney(&w, 123456);
        ybp_wclose(&w, '}');
        ybp_wclose(&w, ']');
        ck_assert_int_eq(ybp_wend(&w), 0);
        json_t *o = json_object();
        json_object_set_new(o, s, json_string("1234.56"));
        json_t *a = json_pack("[s, o]", s, o);
        char *want = json_dumps(a, indent ? JSON_INDENT(2) : JSON_COMPACT);
        ck_assert_msg(!strcmp(b.p, want), "indent %d, string of %zu bytes:\n got %s\nwant %s", indent,
                      strlen(s), b.p, want);
        free(want);
        json_decref(a);
        ybp_buf_free(&b);
    }
}

START_TEST(strings_every_length_and_escape)
{
    /* Each needs an escape or sits next to one: quote, backslash, the short escapes, other
       control characters; and UTF-8 of two and three bytes, which needs none. */
    static const char *const special[] = {"\"", "\\", "\n", "\t", "\b", "\f", "\r", "\x01", "\x1f",
                                          "\x7f", "é", "中", "/"};
    char s[128];
    int checked = 0;
    for (size_t n = 0; n <= 80; n++) {
        for (size_t i = 0; i < n; i++) s[i] = (char)('a' + i % 26);
        s[n] = '\0';
        same_as_jansson(s), checked++;
        for (size_t k = 0; k < sizeof special / sizeof *special; k++) {
            size_t m = strlen(special[k]);
            for (size_t at = 0; at + m <= n; at++) {
                for (size_t i = 0; i < n; i++) s[i] = (char)('a' + i % 26);
                memcpy(s + at, special[k], m);
                s[n] = '\0';
                same_as_jansson(s), checked++;
            }
        }
    }
    ck_assert_int_gt(checked, 30000);
}
END_TEST

START_TEST(two_escapes_in_one_string)
{
    char s[64];
    for (size_t n = 2; n <= 40; n++)
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++) {
                memset(s, 'x', n);
                s[a] = '"', s[b] = '\n', s[n] = '\0';
                same_as_jansson(s);
            }
}
END_TEST

/* Integers (years, counts, error codes and lines) as Jansson prints them. */
START_TEST(integers)
{
    static const long long edge[] = {0, 9, 10, 99, 100, 999, 1000, 9999, 10000, 2025, -1, -4, -10,
                                     2147483647LL, -2147483647LL - 1, 9223372036854775807LL};
    for (long long v = -12000; v <= 12000; v++) {
        ybp_buf b = {0};
        ybp_w w;
        ybp_wbegin(&w, &b, 0);
        ybp_wint(&w, v);
        ck_assert_int_eq(ybp_wend(&w), 0);
        char want[32];
        snprintf(want, sizeof want, "%lld", v);
        ck_assert_str_eq(b.p, want);
        ybp_buf_free(&b);
    }
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        ybp_buf b = {0};
        ybp_w w;
        ybp_wbegin(&w, &b, 0);
        ybp_wint(&w, edge[i]);
        ybp_wend(&w);
        json_t *j = json_integer(edge[i]);
        char *want = json_dumps(j, JSON_ENCODE_ANY);
        ck_assert_str_eq(b.p, want);
        free(want), json_decref(j), ybp_buf_free(&b);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("writer");
    TCase *tc = tcase_create("Strings");
    tcase_add_test(tc, strings_every_length_and_escape);
    tcase_add_test(tc, two_escapes_in_one_string);
    tcase_add_test(tc, integers);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
