#include "stornvx.h"

DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HW_INITIALIZATION_DATA hwInitData;
    ULONG status;

    NvxFillInitData(&hwInitData);

    status = StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
    if (status != STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_STORMINIPORT_ID, DPFLTR_ERROR_LEVEL,
                   "stornvx: StorPortInitialize failed 0x%08X\n", status);
    }

    return STATUS_SUCCESS;
}
