/*
** rules.c
** Structural checks of an edition's `contribution` and `filing` blocks (tables.md
** § Contributions, § Filing rules). The settlement engine does not read them; `yibao
** contrib` and `yibao filing` do. Checked at load like everything else: unknown keys and
** unquoted decimals are refused.
*/
#include <string.h>

#include "load.h"

/* Every key of obj must be in `amounts` (amount values), `ratios` or `objects`. */
static int block(ybp_load *L, json_t *obj, const char *const *amounts,
                 const char *const *ratios, const char *const *objects)
{
    const char *key;
    json_t *v;
    if (!json_is_object(obj)) return ybp_fail(L, "expected an object");
    json_object_foreach(obj, key, v) {
        int kind = 0;
        size_t s = ybp_push(L, key);
        for (const char *const *a = amounts; a && *a; a++)
            if (!strcmp(*a, key)) kind = 1;
        for (const char *const *a = ratios; a && *a; a++)
            if (!strcmp(*a, key)) kind = 2;
        for (const char *const *a = objects; a && *a; a++)
            if (!strcmp(*a, key)) kind = 3;
        if (!strcmp(key, "source")) {
            if (ybp_source_of(L, obj)) return -1;
        } else if (!strcmp(key, "notes")) {
        } else if (kind == 1 || kind == 2) {
            if (ybp_value(L, v, kind == 1 ? YBP_V_AMOUNT : YBP_V_RATIO) == NULL) return -1;
        } else if (kind == 3) {
            if (!json_is_object(v)) return ybp_fail(L, "expected an object");
        } else {
            return ybp_fail(L, "unknown key \"%s\"", key);
        }
        ybp_pop(L, s);
    }
    return 0;
}

int ybp_contribution_check(ybp_load *L, json_t *v)
{
    static const char *const top[] = {"employee", "flexible", "resident", NULL};
    static const char *const eamt[] = {"base_floor", "base_ceiling", "individual_fixed", NULL};
    static const char *const erat[] = {"individual_rate", "employer_rate", NULL};
    static const char *const eobj[] = {"account", NULL};
    static const char *const famt[] = {"base_floor", "base_ceiling", NULL};
    static const char *const frat[] = {"rate", NULL};
    static const char *const ramt[] = {"annual", "subsidy", NULL};
    static const char *const aobj[] = {"in_service", "retired", NULL};
    static const char *const ins[] = {"individual_share", NULL};
    static const char *const ret[] = {"monthly", NULL};
    json_t *x;
    if (block(L, v, NULL, NULL, top)) return -1;
    if ((x = json_object_get(v, "employee")) != NULL) {
        size_t s = ybp_push(L, "employee");
        json_t *a;
        if (block(L, x, eamt, erat, eobj)) return -1;
        if ((a = json_object_get(x, "account")) != NULL) {
            size_t s2 = ybp_push(L, "account");
            if (block(L, a, NULL, NULL, aobj)) return -1;
            if (json_object_get(a, "in_service")) {
                size_t s3 = ybp_push(L, "in_service");
                if (block(L, json_object_get(a, "in_service"), NULL, ins, NULL)) return -1;
                ybp_pop(L, s3);
            }
            if (json_object_get(a, "retired")) {
                size_t s3 = ybp_push(L, "retired");
                if (block(L, json_object_get(a, "retired"), ret, NULL, NULL)) return -1;
                ybp_pop(L, s3);
            }
            ybp_pop(L, s2);
        }
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "flexible")) != NULL) {
        size_t s = ybp_push(L, "flexible");
        if (block(L, x, famt, frat, NULL)) return -1;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "resident")) != NULL) {
        size_t s = ybp_push(L, "resident");
        if (block(L, x, ramt, NULL, NULL)) return -1;
        ybp_pop(L, s);
    }
    return 0;
}

int ybp_filing_check(ybp_load *L, json_t *v)
{
    static const char *const k[] = {"categories", "channels", "materials", "late_filing",
                                    "source", "notes", NULL};
    if (!json_is_object(v)) return ybp_fail(L, "expected an object");
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return -1;
    if (json_object_get(v, "channels") && !json_is_array(json_object_get(v, "channels"))) {
        ybp_push(L, "channels");
        return ybp_fail(L, "expected a list of strings");
    }
    return 0;
}
