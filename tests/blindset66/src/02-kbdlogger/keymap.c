//
// keymap.c - scan code set 1 names + a tiny ring buffer of recent keys
//
#include "kbdlog.h"

KEY_RING g_Ring;

static const char* s_Set1[0x59] = {
    "?",    "ESC",  "1",    "2",    "3",    "4",    "5",    "6",
    "7",    "8",    "9",    "0",    "-",    "=",    "BKSP", "TAB",
    "Q",    "W",    "E",    "R",    "T",    "Y",    "U",    "I",
    "O",    "P",    "[",    "]",    "ENTER","LCTRL","A",    "S",
    "D",    "F",    "G",    "H",    "J",    "K",    "L",    ";",
    "'",    "`",    "LSHIFT","\\",  "Z",    "X",    "C",    "V",
    "B",    "N",    "M",    ",",    ".",    "/",    "RSHIFT","KP*",
    "LALT", "SPACE","CAPS", "F1",   "F2",   "F3",   "F4",   "F5",
    "F6",   "F7",   "F8",   "F9",   "F10",  "NUM",  "SCRL", "KP7",
    "KP8",  "KP9",  "KP-",  "KP4",  "KP5",  "KP6",  "KP+",  "KP1",
    "KP2",  "KP3",  "KP0",  "KP.",  "?",    "?",    "?",    "F11",
    "F12"
};

const char*
KlScanCodeToName(
    USHORT MakeCode,
    BOOLEAN Extended
    )
{
    if (Extended) {
        switch (MakeCode) {
        case 0x1D: return "RCTRL";
        case 0x38: return "RALT";
        case 0x48: return "UP";
        case 0x50: return "DOWN";
        case 0x4B: return "LEFT";
        case 0x4D: return "RIGHT";
        default:   break;
        }
    }
    if (MakeCode < ARRAYSIZE(s_Set1)) {
        return s_Set1[MakeCode];
    }
    return "?";
}

VOID
KlRingInit(VOID)
{
    RtlZeroMemory(&g_Ring, sizeof(g_Ring));
    KeInitializeSpinLock(&g_Ring.Lock);
}

VOID
KlRingPush(
    USHORT MakeCode,
    USHORT Flags
    )
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Ring.Lock, &irql);
    g_Ring.Codes[g_Ring.Head % RING_SIZE] = MakeCode;
    g_Ring.Flags[g_Ring.Head % RING_SIZE] = Flags;
    g_Ring.Head++;
    KeReleaseSpinLock(&g_Ring.Lock, irql);
}

VOID
KlRingDump(VOID)
{
    ULONG i, start, count;

    count = min(g_Ring.Head, RING_SIZE);
    start = g_Ring.Head - count;

    KdLog(("[kbdlog] last %lu keys:\n", count));
    for (i = start; i < g_Ring.Head; i++) {
        USHORT f = g_Ring.Flags[i % RING_SIZE];
        if (f & KEY_BREAK) {
            continue;
        }
        KdLog(("  %s\n", KlScanCodeToName(g_Ring.Codes[i % RING_SIZE], (f & KEY_E0) != 0)));
    }
}
