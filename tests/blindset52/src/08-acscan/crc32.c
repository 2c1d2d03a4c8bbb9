/*
 * crc32.c - plain table driven CRC-32 (IEEE 802.3), reflected
 */
#include "crc32.h"

static ULONG g_CrcTable[256];
static BOOLEAN g_CrcReady = FALSE;

VOID AcCrc32Init(VOID)
{
    ULONG i, j, c;

    if (g_CrcReady) {
        return;
    }
    for (i = 0; i < 256; i++) {
        c = i;
        for (j = 0; j < 8; j++) {
            c = (c & 1) ? (0xEDB88320UL ^ (c >> 1)) : (c >> 1);
        }
        g_CrcTable[i] = c;
    }
    g_CrcReady = TRUE;
}

ULONG AcCrc32(const VOID* Data, SIZE_T Length)
{
    const UCHAR* p = (const UCHAR*)Data;
    ULONG crc = 0xFFFFFFFFUL;

    while (Length--) {
        crc = g_CrcTable[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFUL;
}

SIZE_T AcFirstDifference(const VOID* A, const VOID* B, SIZE_T Length)
{
    /* RtlCompareMemory returns the number of matching leading bytes */
    return RtlCompareMemory(A, B, Length);
}
