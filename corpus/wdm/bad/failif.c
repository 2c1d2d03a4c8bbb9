/*
 * failif.c - a legacy WDM driver of a PCI data-acquisition card's register
 * window. Each step is checked by FAIL_IF(condition, status, label), a macro
 * that sets the status and jumps; the conditions are written in its argument
 * (`Regs == NULL`, `Regs->Signature != ...`).
 *
 * Violating: the signature check jumps to fail1, past the unmapping (DE006).
 */

#include <ntddk.h>

#define DAQ_SIGNATURE 0x51414421u

#define FAIL_IF(_cond, _status, _label) \
    do {                                \
        if (_cond) {                    \
            status = (_status);         \
            goto _label;                \
        }                               \
    } while (FALSE)

typedef struct _DAQ_REGS {
    ULONG Signature;
    ULONG Control;
} DAQ_REGS, *PDAQ_REGS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DaqUnload;

static PDAQ_REGS DaqRegs;

_Use_decl_annotations_
VOID
DaqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    MmUnmapIoSpace(DaqRegs, sizeof(DAQ_REGS));
    DaqRegs = NULL;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    PHYSICAL_ADDRESS window;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);

    window.QuadPart = 0xFED40000;
    DaqRegs = (PDAQ_REGS)MmMapIoSpace(window, sizeof(DAQ_REGS), MmNonCached);
    FAIL_IF(DaqRegs == NULL, STATUS_INSUFFICIENT_RESOURCES, fail1);
    FAIL_IF(READ_REGISTER_ULONG(&DaqRegs->Signature) != DAQ_SIGNATURE, STATUS_DEVICE_CONFIGURATION_ERROR, fail1);

    DriverObject->DriverUnload = DaqUnload;
    return STATUS_SUCCESS;

fail2:
    MmUnmapIoSpace(DaqRegs, sizeof(DAQ_REGS));
    DaqRegs = NULL;
fail1:
    return status;  // expect: DE006
}
