/* SPDX-License-Identifier: MIT */
/*
** account.c
** Step 7: the personal account (个人账户), and a family member's account under 共济.
*/
#include "settle/settle.h"

/*
** The personal account (个人账户) pays the categories the region allows, up to the
** balance given in the claim; balc is what is left. Then, where the region allows family
** sharing (共济, 国办发〔2021〕14号) and the claim gives a family member's balance, that
** account pays what is still payable in its categories. acct_pay includes it, so
** psn_part_amt = acct_pay + psn_cash_pay still holds; acct_mulaid_pay says how much of
** acct_pay came from the family account.
** Example: 2000 payable, own balance 500, family 3000 → acct_pay 2000, of which
** acct_mulaid_pay 1500; balc 0.
*/
/* Whether the region lets no category be paid from a family member's account. */
static int famable_none(const ybp_scheme *sc)
{
    for (int k = 0; k < YBP_NCAT; k++)
        if (sc->family_pays[k]) return 0;
    return 1;
}

void ybp_account(yb_engine *e, const yb_claim *c, const ybp_scheme *sc)
{
    yb_result *r = &e->res;
    int64_t payable = 0, own = 0, fam = 0, famable = 0;
    r->acct = r->mulaid = 0;
    r->balc = c->has_balance ? c->balance : 0;
    r->family_balc = c->has_family ? c->family_balance : 0;
    if (!sc->has_account) {
        /* A balance given to a table that says nothing of the account: said, not ignored. */
        if (c->has_balance || c->has_family)
            ybp_warn(e, "%s的参数表没有个人账户支付规则，未计入个人账户余额，个人负担全部按现金计 / %s's "
                        "table has no personal-account rule: the balance given was not used",
                     c->insured->region_name, c->insured->region_name);
        return;
    }
    if (c->has_family && famable_none(sc))
        ybp_warn(e, "%s的参数表没有家庭共济规则，未使用家庭共济账户余额 / %s's table has no family "
                    "sharing (共济) rule: the family balance was not used",
                 c->insured->region_name, c->insured->region_name);
    for (int k = 0; k < YBP_NCAT; k++) {
        if (sc->account_pays[k]) payable += r->burden[k];
        if (sc->family_pays[k]) famable += r->burden[k];
    }
    if (c->has_balance) {
        own = payable < c->balance ? payable : c->balance;
        r->balc = c->balance - own;
    }
    if (c->has_family && famable > 0) {
        /* The own account pays first, category by category in pipeline order; the family
           account covers what is left in its own categories. */
        int64_t own_in_fam = 0, left = own;
        for (int k = 0; k < YBP_NCAT && left > 0; k++)
            if (sc->account_pays[k]) {
                int64_t t = r->burden[k] < left ? r->burden[k] : left;
                if (sc->family_pays[k]) own_in_fam += t;
                left -= t;
            }
        int64_t rest = famable - own_in_fam;
        fam = rest < c->family_balance ? rest : c->family_balance;
        r->family_balc = c->family_balance - fam;
    }
    r->acct = own + fam;
    r->mulaid = fam;
    ybp_note_source(e, sc->account_src);
}
