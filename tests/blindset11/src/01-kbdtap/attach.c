/*
 * attach.c - create one filter device per keyboard class device
 */
#include "kbdtap.h"
#include <ntstrsafe.h>

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KtAttachToClass)
#pragma alloc_text(PAGE, KtDetachAll)
#endif

NTSTATUS
KtAttachToClass(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index,
    _Out_ PDEVICE_OBJECT *FilterDevice
    )
{
    WCHAR nameBuffer[64];
    UNICODE_STRING className;
    PDEVICE_OBJECT filter = NULL;
    PKT_FILTER_EXT ext;
    NTSTATUS status;

    PAGED_CODE();

    *FilterDevice = NULL;

    status = RtlStringCbPrintfW(nameBuffer, sizeof(nameBuffer),
                                L"\\Device\\KeyboardClass%lu", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&className, nameBuffer);

    status = IoCreateDevice(DriverObject,
                            sizeof(KT_FILTER_EXT),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filter);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice for class %lu failed 0x%08X", Index, status);
        return status;
    }

    ext = (PKT_FILTER_EXT)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Common.Kind = KtKindFilter;
    ext->Self = filter;
    ext->ClassIndex = Index;

    /* IoAttachDevice opens the class device by name and stacks us on top */
    status = IoAttachDevice(filter, &className, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        LOG("IoAttachDevice(%wZ) failed 0x%08X", &className, status);
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->DeviceType = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("attached to %wZ (lower %p)", &className, ext->Lower);
    *FilterDevice = filter;
    return STATUS_SUCCESS;
}

VOID
KtDetachAll(VOID)
{
    ULONG i;
    LARGE_INTEGER delay;

    PAGED_CODE();

    for (i = 0; i < g_Kt.FilterCount; i++) {
        PDEVICE_OBJECT filter = g_Kt.Filters[i];
        PKT_FILTER_EXT ext;

        if (filter == NULL) {
            continue;
        }
        ext = (PKT_FILTER_EXT)filter->DeviceExtension;
        IoDetachDevice(ext->Lower);
    }

    /*
     * A read is almost always pending in kbdclass. It completes on the next
     * key press; wait for our completion routine to run for each of them.
     */
    delay.QuadPart = -10 * 1000 * 100; /* 100 ms */
    while (InterlockedCompareExchange(&g_Kt.PendingReads, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    for (i = 0; i < g_Kt.FilterCount; i++) {
        if (g_Kt.Filters[i] != NULL) {
            IoDeleteDevice(g_Kt.Filters[i]);
            g_Kt.Filters[i] = NULL;
        }
    }
    g_Kt.FilterCount = 0;
}
