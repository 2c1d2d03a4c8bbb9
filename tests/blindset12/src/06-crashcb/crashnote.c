#include "crashnote.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CnUnload;
KBUGCHECK_REASON_CALLBACK_ROUTINE CnSecondaryDump;
KBUGCHECK_CALLBACK_ROUTINE CnLegacyCallback;

PCN_BLOB g_Blob = NULL;

static KBUGCHECK_REASON_CALLBACK_RECORD g_ReasonRecord;
static KBUGCHECK_CALLBACK_RECORD g_LegacyRecord;

//
// Secondary dump data: hand our blob to the dump writer under our GUID.
// Runs at HIGH_LEVEL after the crash, so touch nothing but the blob.
//
VOID
CnSecondaryDump(
    KBUGCHECK_CALLBACK_REASON Reason,
    PKBUGCHECK_REASON_CALLBACK_RECORD Record,
    PVOID ReasonSpecificData,
    ULONG ReasonSpecificDataLength)
{
    PKBUGCHECK_SECONDARY_DUMP_DATA dump = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(*dump) ||
        g_Blob == NULL) {
        return;
    }
    if (dump->MaximumAllowed < sizeof(CN_BLOB)) {
        return;
    }
    dump->OutBuffer = g_Blob;
    dump->OutBufferLength = sizeof(CN_BLOB);
    dump->Guid = CN_DUMP_GUID;
}

// Classic callback: just stamps the blob so the dump shows we ran.
VOID
CnLegacyCallback(PVOID Buffer, ULONG Length)
{
    if (Buffer != NULL && Length >= sizeof(CN_BLOB)) {
        ((PCN_BLOB)Buffer)->BugCheckSeen = 1;
    }
}

VOID
CnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    CnDeleteDevice();
    KeDeregisterBugCheckReasonCallback(&g_ReasonRecord);

    if (g_Blob != NULL) {
        ExFreePoolWithTag(g_Blob, CN_TAG);
        g_Blob = NULL;
    }
    LOGI("unloaded%s", "");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    LARGE_INTEGER now;
    PKBUGCHECK_REASON_CALLBACK_RECORD reasonRec = &g_ReasonRecord;
    PKBUGCHECK_CALLBACK_RECORD legacyRec = &g_LegacyRecord;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Blob = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(CN_BLOB), CN_TAG);
    if (g_Blob == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeQuerySystemTimePrecise(&now);
    g_Blob->Magic = 'ETNC';
    g_Blob->BootTime = now.QuadPart;

    KeInitializeCallbackRecord(reasonRec);
    if (!KeRegisterBugCheckReasonCallback(reasonRec, CnSecondaryDump,
                                          KbCallbackSecondaryDumpData, (PUCHAR)CN_COMPONENT)) {
        LOGE("reason callback refused%s", "");
        ExFreePoolWithTag(g_Blob, CN_TAG);
        g_Blob = NULL;
        return STATUS_UNSUCCESSFUL;
    }

    KeInitializeCallbackRecord(legacyRec);
    if (!KeRegisterBugCheckCallback(legacyRec, CnLegacyCallback,
                                    g_Blob, sizeof(CN_BLOB), (PUCHAR)CN_COMPONENT)) {
        LOGE("legacy callback refused%s", "");
        ExFreePoolWithTag(g_Blob, CN_TAG);
        g_Blob = NULL;
        return STATUS_UNSUCCESSFUL;
    }

    status = CnCreateDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        LOGE("device: 0x%08X", status);
        KeDeregisterBugCheckCallback(&g_LegacyRecord);
        KeDeregisterBugCheckReasonCallback(&g_ReasonRecord);
        ExFreePoolWithTag(g_Blob, CN_TAG);
        g_Blob = NULL;
        return status;
    }

    DriverObject->DriverUnload = CnUnload;
    LOGI("armed, blob at %p", g_Blob);
    return STATUS_SUCCESS;
}
