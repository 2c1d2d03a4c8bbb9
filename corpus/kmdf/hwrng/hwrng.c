/*
 * hwrng.c - DriverEntry and the read path of hwrng. Framework object
 * creation is in framework.c so that the self-test build (hwrngtest.sys)
 * can share it.
 */

#include "hwrng.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                                // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "hwrng: loading, registry path %wZ\n", RegistryPath));

    status = HwRngCreateFrameworkDriver(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "hwrng: framework initialization failed 0x%08X\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
HwRngEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PHWRNG_DEVICE_CONTEXT ctx = HwRngGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PULONG out;
    size_t words;
    size_t i;
    NTSTATUS status;

    if (Length == 0 || Length > HWRNG_MAX_READ || (Length % sizeof(ULONG)) != 0) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, Length, (PVOID *)&out, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    words = Length / sizeof(ULONG);
    for (i = 0; i < words; i++) {
        /* STATUS bit 0 = a fresh word is available. */
        while ((READ_REGISTER_ULONG((PULONG)&ctx->Registers[1]) & 1) == 0) {
            KeStallExecutionProcessor(1);
        }
        out[i] = READ_REGISTER_ULONG((PULONG)&ctx->Registers[0]);
    }

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}
