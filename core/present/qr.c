/* SPDX-License-Identifier: Apache-2.0 */
/* QR encoding of EID1:/EIDR1: text with libqrencode, in alphanumeric mode.
 * The only file of libeid that includes qrencode.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "common/alloc.h"
#include "eid/qr.h"
#include "crypto/crypto.h"

struct eid_qr {
    int version;
    eid_qr_ecc ecc;
    uint32_t width;
    uint8_t *modules; /* width * width, 1 = dark */
};

/* Data codewords per version (index 0 = version 1) and level, ISO/IEC 18004
 * table 7. tests/unit/test_qr.c checks every entry against libqrencode's own
 * choice of version. */
static const uint16_t data_codewords[4][40] = {
    {19, 34, 55, 80, 108, 136, 156, 194, 232, 274, 324, 370, 428, 461, 523, 589, 647, 721, 795, 861,
     932, 1006, 1094, 1174, 1276, 1370, 1468, 1531, 1631, 1735, 1843, 1955, 2071, 2191, 2306, 2434,
     2566, 2702, 2812, 2956},
    {16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
     714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914,
     1992, 2102, 2216, 2334},
    {13, 22, 34, 48, 62, 76, 88, 110, 132, 154, 180, 206, 244, 261, 295, 325, 367, 397, 445, 485,
     512, 568, 614, 664, 718, 754, 808, 871, 911, 985, 1033, 1115, 1171, 1231, 1286, 1354, 1426,
     1502, 1582, 1666},
    {9, 16, 26, 36, 46, 60, 66, 86, 100, 122, 140, 158, 180, 197, 223, 253, 283, 313, 341, 385, 406,
     442, 464, 514, 538, 596, 628, 661, 701, 745, 793, 845, 901, 961, 986, 1054, 1096, 1142, 1222,
     1276},
};

size_t eid_qr_text_max(void) { return EID_QR_TEXT_MAX; }
uint32_t eid_qr_width_max(void) { return EID_QR_WIDTH_MAX; }
uint32_t eid_qr_quiet_zone(void) { return EID_QR_QUIET_ZONE; }
uint32_t eid_qr_quiet_zone_max(void) { return EID_QR_QUIET_ZONE_MAX; }
uint32_t eid_qr_png_scale_max(void) { return EID_QR_PNG_SCALE_MAX; }
eid_qr_ecc eid_qr_ecc_default(void) { return EID_QR_ECC_DEFAULT; }
int eid_qr_version_min(void) { return EID_QR_VERSION_MIN; }
int eid_qr_version_max(void) { return EID_QR_VERSION_MAX; }

static int ecc_valid(eid_qr_ecc ecc) { return (int)ecc >= 0 && (int)ecc <= 3; }

size_t eid_qr_capacity(int version, eid_qr_ecc ecc)
{
    if (version < EID_QR_VERSION_MIN || version > EID_QR_VERSION_MAX || !ecc_valid(ecc))
        return 0;
    /* One alphanumeric segment: 4-bit mode indicator, a character count of
     * 9/11/13 bits, 11 bits per pair of characters and 6 for an odd last one. */
    size_t bits = (size_t)data_codewords[ecc][version - 1] * 8;
    size_t count_bits = version <= 9 ? 9 : version <= 26 ? 11 : 13;
    size_t room = bits - 4 - count_bits;
    size_t chars = room / 11 * 2 + (room % 11 >= 6 ? 1 : 0);
    /* The count field bounds the length too (never binding for real tables). */
    size_t count_max = ((size_t)1 << count_bits) - 1;
    return chars < count_max ? chars : count_max;
}

int eid_qr_min_version(size_t text_len, eid_qr_ecc ecc)
{
    if (!ecc_valid(ecc))
        return 0;
    for (int v = EID_QR_VERSION_MIN; v <= EID_QR_VERSION_MAX; v++)
        if (eid_qr_capacity(v, ecc) >= text_len)
            return v;
    return 0;
}

/* QR alphanumeric mode's 45 characters (ISO/IEC 18004 table 5); base45 uses
 * the same set. */
static int is_alphanumeric(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
        return 1;
    return c != '\0' && strchr(" $%*+-./:", c) != NULL;
}

static const QRecLevel qr_levels[4] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};

eid_status eid_qr_new(const char *text, eid_qr_ecc ecc, eid_qr **qr)
{
    if (qr)
        *qr = NULL;
    if (!text || !qr || !ecc_valid(ecc))
        return EID_ERR_INVALID_ARG;
    size_t len = strlen(text);
    if (len == 0)
        return EID_ERR_INVALID_ARG;
    /* Characters first, so that a long text with a bad character is named as
     * bad rather than as too long. */
    for (size_t i = 0; i < len; i++)
        if (!is_alphanumeric((unsigned char)text[i]))
            return EID_ERR_INVALID_ARG;
    if (len > eid_qr_capacity(EID_QR_VERSION_MAX, ecc))
        return EID_ERR_DOES_NOT_FIT;

    /* QRcode_encodeString() splits its input into segments by its own rules
     * and refuses QR_MODE_AN as a hint; building the input by hand gives one
     * alphanumeric segment, whose size eid_qr_capacity() predicts exactly. */
    /* libqrencode allocates with malloc: the seam's test hook counts it here. */
    QRinput *input = mem_hook_refuse() ? NULL : QRinput_new2(0, qr_levels[ecc]); /* version 0: the smallest that fits */
    if (!input)
        return EID_ERR_NO_MEMORY;
    if (QRinput_append(input, QR_MODE_AN, (int)len, (const unsigned char *)text) != 0) {
        int err = errno;
        QRinput_free(input);
        return err == ENOMEM ? EID_ERR_NO_MEMORY : EID_ERR_INTERNAL;
    }
    QRcode *code = QRcode_encodeInput(input);
    int err = errno;
    QRinput_free(input);
    if (!code)
        return err == ENOMEM ? EID_ERR_NO_MEMORY : err == ERANGE ? EID_ERR_DOES_NOT_FIT : EID_ERR_INTERNAL;

    eid_status st = EID_OK;
    eid_qr *out = mem_calloc(1, sizeof *out);
    size_t n = (size_t)code->width * (size_t)code->width;
    if (!out || !(out->modules = mem_alloc(n))) {
        st = EID_ERR_NO_MEMORY;
    } else {
        out->version = code->version;
        out->ecc = ecc;
        out->width = (uint32_t)code->width;
        for (size_t i = 0; i < n; i++)
            out->modules[i] = code->data[i] & 1; /* bit 0 is dark; the rest is libqrencode's bookkeeping */
    }
    cry_memzero(code->data, n);
    QRcode_free(code);
    if (st != EID_OK) {
        eid_qr_free(out);
        return st;
    }
    *qr = out;
    return EID_OK;
}

void eid_qr_free(eid_qr *qr)
{
    if (!qr)
        return;
    mem_free_secret(qr->modules, (size_t)qr->width * qr->width);
    mem_free(qr);
}

int eid_qr_version(const eid_qr *qr) { return qr ? qr->version : 0; }
eid_qr_ecc eid_qr_ecc_level(const eid_qr *qr) { return qr ? qr->ecc : EID_QR_ECC_DEFAULT; }
uint32_t eid_qr_width(const eid_qr *qr) { return qr ? qr->width : 0; }
const uint8_t *eid_qr_modules(const eid_qr *qr) { return qr ? qr->modules : NULL; }
