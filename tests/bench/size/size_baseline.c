/* SPDX-License-Identifier: Apache-2.0 */
/* size_verifier's frame without libeid: the same reads and output, linked
 * with the same shared dependencies (see size_verifier.c). */
#include <stdio.h>
#include <stdlib.h>

static unsigned char buf[3][65536];

static size_t slurp(const char *path, unsigned char *out)
{
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(out, 1, 65535, fp) : 0;
    if (fp)
        fclose(fp);
    out[n] = 0;
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    size_t n = slurp(argv[1], buf[0]) + slurp(argv[2], buf[1]) + slurp(argv[3], buf[2]);
    printf("%zu %s\n", n, argv[4]);
    return 0;
}
