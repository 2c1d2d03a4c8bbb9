/*
 * hw.c - raw ABAR access for ahcilite
 */
#include "ahcilite.h"

ULONG
AhciRead(PAHCI_ADAPTER Adapter, ULONG Offset)
{
    return StorPortReadRegisterUlong(Adapter, (PULONG)(Adapter->Abar + Offset));
}

VOID
AhciWrite(PAHCI_ADAPTER Adapter, ULONG Offset, ULONG Value)
{
    StorPortWriteRegisterUlong(Adapter, (PULONG)(Adapter->Abar + Offset), Value);
}

/*
 * GHC.HR: the HBA clears the bit when the reset is done, spec allows
 * up to one second.
 */
BOOLEAN
AhciResetController(PAHCI_ADAPTER Adapter)
{
    ULONG ghc;
    ULONG waited = 0;

    ghc = AhciRead(Adapter, AHCI_REG_GHC);
    AhciWrite(Adapter, AHCI_REG_GHC, ghc | AHCI_GHC_AE);
    AhciWrite(Adapter, AHCI_REG_GHC, ghc | AHCI_GHC_AE | AHCI_GHC_HR);

    while (waited < 1000) {
        if ((AhciRead(Adapter, AHCI_REG_GHC) & AHCI_GHC_HR) == 0) {
            return TRUE;
        }
        StorPortStallExecution(1000);   /* 1 ms */
        waited++;
    }

    AHCI_DBG("ahcilite: HBA reset timed out\n");
    return FALSE;
}

VOID
AhciEnable(PAHCI_ADAPTER Adapter, BOOLEAN Interrupts)
{
    ULONG ghc = AhciRead(Adapter, AHCI_REG_GHC) | AHCI_GHC_AE;

    if (Interrupts) {
        ghc |= AHCI_GHC_IE;
    } else {
        ghc &= ~AHCI_GHC_IE;
    }
    AhciWrite(Adapter, AHCI_REG_GHC, ghc);

    /* clear anything latched before we were ready */
    AhciWrite(Adapter, AHCI_REG_IS, AhciRead(Adapter, AHCI_REG_IS));
}
