/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libeid — eid/qr.h: QR codes for "EID1:" presentations and "EIDR1:" requests.
 *
 * A presentation or request travels as text: a prefix plus base45, which uses
 * only QR's alphanumeric character set (0-9, A-Z, space, $ % * + - . / :). This
 * header turns such text into one QR code in alphanumeric mode (11 bits per
 * two characters), at the smallest version (1-40) that holds it at the chosen
 * error-correction level, and draws that code three ways:
 *
 *   - the module matrix, for native UIs that draw the code themselves;
 *   - SVG, scalable and crisp, for screens and print;
 *   - PNG, 8-bit grayscale, at a given number of pixels per module;
 *   - UTF-8 half blocks, for a terminal (two module rows per text line).
 *
 * Use: eid_qr_new() -> eid_qr_width()/eid_qr_modules() or a renderer ->
 * eid_qr_free(). Sizes a caller plans with (capacity per version, minimum
 * version for a length) are plain functions, usable before encoding.
 *
 * Thread safety: an eid_qr is immutable after eid_qr_new() returns; any
 * number of threads may read it and render it at once. Every function here is
 * thread-safe on distinct handles (libqrencode is built with pthreads on the
 * supported platforms).
 */
#ifndef EID_QR_H
#define EID_QR_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Error-correction level: the share of the code that may be damaged and still
 * read (about 7 %, 15 %, 25 %, 30 %). Higher levels need larger versions. */
typedef enum eid_qr_ecc {
    EID_QR_ECC_L = 0,
    EID_QR_ECC_M = 1, /* the default: a 430-byte presentation fits version 16 */
    EID_QR_ECC_Q = 2,
    EID_QR_ECC_H = 3
} eid_qr_ecc;
#define EID_QR_ECC_DEFAULT EID_QR_ECC_M

/* Versions run 1..40; a version-v code is 17 + 4v modules wide. */
#define EID_QR_VERSION_MIN 1
#define EID_QR_VERSION_MAX 40
#define EID_QR_WIDTH_MAX 177
/* The longest text one QR code holds: version 40 at level L, alphanumeric mode. */
#define EID_QR_TEXT_MAX 4296
/* The light margin, in modules, that the QR standard asks around a code. */
#define EID_QR_QUIET_ZONE 4
/* Renderer bounds: quiet zones above this, or PNG scales above this, are refused. */
#define EID_QR_QUIET_ZONE_MAX 16
#define EID_QR_PNG_SCALE_MAX 32

/*! eid_qr_text_max(), eid_qr_width_max(), eid_qr_quiet_zone(), eid_qr_quiet_zone_max(),
 *  eid_qr_png_scale_max() : the macros above, for bindings. */
EID_API size_t eid_qr_text_max(void);
EID_API uint32_t eid_qr_width_max(void);
EID_API uint32_t eid_qr_quiet_zone(void);
EID_API uint32_t eid_qr_quiet_zone_max(void);
EID_API uint32_t eid_qr_png_scale_max(void);
/*! eid_qr_ecc_default(), eid_qr_version_min(), eid_qr_version_max() : EID_QR_ECC_DEFAULT,
 *  EID_QR_VERSION_MIN and EID_QR_VERSION_MAX, for bindings. */
EID_API eid_qr_ecc eid_qr_ecc_default(void);
EID_API int eid_qr_version_min(void);
EID_API int eid_qr_version_max(void);

/* ---- sizes -------------------------------------------------------------- */

/*! eid_qr_capacity() :
 *  @return how many alphanumeric characters a code of `version` (1..40) holds
 *          at level `ecc`, or 0 when version or ecc is out of range.
 *          Example: eid_qr_capacity(16, EID_QR_ECC_M) == 656, i.e. "EID1:" plus
 *          651 base45 characters (434 bytes). */
EID_API size_t eid_qr_capacity(int version, eid_qr_ecc ecc);

/*! eid_qr_min_version() :
 *  @return the smallest version whose capacity at `ecc` is at least `text_len`
 *          characters (1 for an empty text), or 0 when no version holds it or
 *          ecc is out of range. eid_qr_new() picks exactly this version. */
EID_API int eid_qr_min_version(size_t text_len, eid_qr_ecc ecc);

/* ---- encoding ----------------------------------------------------------- */
typedef struct eid_qr eid_qr;

/*! eid_qr_new() :
 *  Encodes the NUL-terminated `text` as one QR code, the whole text as a single
 *  alphanumeric-mode segment, at level `ecc` and the smallest version that fits.
 *  `text` is typically "EID1:..." or "EIDR1:..."; the prefix is not checked here.
 *  On success `*qr` receives a handle the caller frees with eid_qr_free();
 *  on failure `*qr` is set to NULL (when qr is not NULL).
 *  @return EID_OK;
 *          EID_ERR_INVALID_ARG for a NULL argument, an empty text, an ecc out of
 *          range, or a character outside the alphanumeric set (lower case too);
 *          EID_ERR_DOES_NOT_FIT when the text is longer than eid_qr_capacity(40, ecc);
 *          EID_ERR_NO_MEMORY. */
EID_API eid_status eid_qr_new(const char *text, eid_qr_ecc ecc, eid_qr **qr);

/*! eid_qr_free() : releases a code (its matrix is zeroed first). Accepts NULL. */
EID_API void eid_qr_free(eid_qr *qr);

/*! eid_qr_version() : the code's version, 1..40. */
EID_API int eid_qr_version(const eid_qr *qr);
/*! eid_qr_ecc() : the level the code was encoded at. */
EID_API eid_qr_ecc eid_qr_ecc_level(const eid_qr *qr);
/*! eid_qr_width() : modules per side (17 + 4 * version), without quiet zone. */
EID_API uint32_t eid_qr_width(const eid_qr *qr);

/*! eid_qr_modules() :
 *  @return the module matrix: width * width bytes, row-major from the top-left
 *          module, 1 = dark, 0 = light, without quiet zone. The pointer belongs
 *          to the handle and is valid until eid_qr_free(). A native UI draws a
 *          square per dark module and leaves EID_QR_QUIET_ZONE light modules
 *          around the code. */
EID_API const uint8_t *eid_qr_modules(const eid_qr *qr);

/* ---- renderers ---------------------------------------------------------- */
/* Each renderer writes a new buffer into `*out` that the caller releases with
 * eid_bytes_free() (it is zeroed there: the code carries personal data). Text
 * outputs (SVG, terminal) are NUL-terminated; out->len excludes the NUL.
 * `quiet_zone` is the light margin in modules, 0..EID_QR_QUIET_ZONE_MAX; use
 * EID_QR_QUIET_ZONE unless the surrounding UI already leaves that margin.
 * On failure *out is left empty. */

/*! eid_qr_render_svg() :
 *  An SVG document whose viewBox is the code plus its quiet zone in module
 *  units: a white background and one black path made of one-module-high runs of
 *  dark modules, with shape-rendering="crispEdges". It carries no width or
 *  height, so it scales to whatever box the page gives it.
 *  @return EID_OK, EID_ERR_INVALID_ARG (NULL, quiet_zone too large), EID_ERR_NO_MEMORY. */
EID_API eid_status eid_qr_render_svg(const eid_qr *qr, uint32_t quiet_zone, eid_bytes *out);

/*! eid_qr_render_png() :
 *  A PNG image, 8-bit grayscale (0 = dark, 255 = light), each module a square of
 *  `scale` x `scale` pixels (1..EID_QR_PNG_SCALE_MAX), written by libpng in memory.
 *  The image is (width + 2 * quiet_zone) * scale pixels per side.
 *  @return EID_OK, EID_ERR_INVALID_ARG (NULL, scale or quiet_zone out of range),
 *          EID_ERR_NO_MEMORY, EID_ERR_INTERNAL when libpng fails. */
EID_API eid_status eid_qr_render_png(const eid_qr *qr, uint32_t scale, uint32_t quiet_zone,
                                     eid_bytes *out);

/* For eid_qr_render_text(): which modules are drawn as ink. */
typedef enum eid_qr_text_style {
    /* Dark text on a light background: dark modules are blocks. */
    EID_QR_TEXT_DARK_ON_LIGHT = 0,
    /* Light text on a dark background (most terminals): light modules, the
     * quiet zone included, are blocks, so the code still reads dark on light. */
    EID_QR_TEXT_LIGHT_ON_DARK = 1
} eid_qr_text_style;

/*! eid_qr_render_text() :
 *  UTF-8 text for a terminal: each line covers two module rows with U+2588
 *  (both), U+2580 (upper), U+2584 (lower) or a space, so the code keeps square
 *  modules in a 1:2 character cell. Lines end with "\n"; an odd last row is
 *  paired with a light row. The quiet zone is drawn on every side.
 *  @return EID_OK, EID_ERR_INVALID_ARG (NULL, style or quiet_zone out of range),
 *          EID_ERR_NO_MEMORY. */
EID_API eid_status eid_qr_render_text(const eid_qr *qr, uint32_t quiet_zone,
                                      eid_qr_text_style style, eid_bytes *out);

#ifdef __cplusplus
}
#endif
#endif /* EID_QR_H */
