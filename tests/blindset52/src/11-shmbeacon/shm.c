/*
 * shm.c - section lifetime and the event writer
 */
#include "beacon.h"

/*
 * DACL: SYSTEM full, Administrators read-only. The ACL is only needed until
 * ZwCreateSection returns (the object gets its own copy).
 */
static PACL BcBuildDacl(VOID)
{
    PSID system = SeExports->SeLocalSystemSid;
    PSID admins = SeExports->SeAliasAdminsSid;
    ULONG size;
    PACL acl;

    size = sizeof(ACL) + 2 * FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart)
         + RtlLengthSid(system) + RtlLengthSid(admins);

    acl = (PACL)ExAllocatePool2(POOL_FLAG_PAGED, size, BC_TAG);
    if (acl == NULL) {
        return NULL;
    }

    if (!NT_SUCCESS(RtlCreateAcl(acl, size, ACL_REVISION)) ||
        !NT_SUCCESS(RtlAddAccessAllowedAce(acl, ACL_REVISION, SECTION_ALL_ACCESS, system)) ||
        !NT_SUCCESS(RtlAddAccessAllowedAce(acl, ACL_REVISION, SECTION_QUERY | SECTION_MAP_READ, admins))) {
        ExFreePoolWithTag(acl, BC_TAG);
        return NULL;
    }
    return acl;
}

NTSTATUS BcShmCreate(VOID)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(BC_SECTION_NAME);
    SECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    LARGE_INTEGER size;
    PVOID view = NULL;
    PACL dacl;
    NTSTATUS status;

    dacl = BcBuildDacl();
    if (dacl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    if (NT_SUCCESS(status)) {
        status = RtlSetDaclSecurityDescriptor(&sd, TRUE, dacl, FALSE);
    }
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(dacl, BC_TAG);
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, &sd);
    size.QuadPart = BC_SECTION_SIZE;

    status = ZwCreateSection(&g_Bc.SectionHandle, SECTION_ALL_ACCESS, &oa, &size,
                             PAGE_READWRITE, SEC_COMMIT, NULL);
    ExFreePoolWithTag(dacl, BC_TAG);
    if (!NT_SUCCESS(status)) {
        BCERR("ZwCreateSection %08X\n", status);
        g_Bc.SectionHandle = NULL;
        return status;
    }

    status = ObReferenceObjectByHandle(g_Bc.SectionHandle, SECTION_MAP_READ | SECTION_MAP_WRITE,
                                       NULL, KernelMode, &g_Bc.SectionObject, NULL);
    if (!NT_SUCCESS(status)) {
        BCERR("ObReferenceObjectByHandle %08X\n", status);
        goto close_handle;
    }

    g_Bc.ViewSize = 0;
    status = MmMapViewInSystemSpace(g_Bc.SectionObject, &view, &g_Bc.ViewSize);
    if (!NT_SUCCESS(status)) {
        BCERR("MmMapViewInSystemSpace %08X\n", status);
        goto deref;
    }

    g_Bc.Header = (PBC_HEADER)view;
    RtlZeroMemory(view, g_Bc.ViewSize);
    g_Bc.Header->Magic       = BC_MAGIC;
    g_Bc.Header->Version     = BC_VERSION;
    g_Bc.Header->HeaderSize  = FIELD_OFFSET(BC_HEADER, Ring);
    g_Bc.Header->RingEntries = (ULONG)((g_Bc.ViewSize - FIELD_OFFSET(BC_HEADER, Ring)) / sizeof(BC_EVENT));

    BCLOG("section %p mapped at %p, %lu slots\n", g_Bc.SectionObject, view, g_Bc.Header->RingEntries);
    return STATUS_SUCCESS;

deref:
    ObDereferenceObject(g_Bc.SectionObject);
    g_Bc.SectionObject = NULL;
close_handle:
    ZwClose(g_Bc.SectionHandle);
    g_Bc.SectionHandle = NULL;
    return status;
}

VOID BcShmDestroy(VOID)
{
    if (g_Bc.Header != NULL) {
        MmUnmapViewInSystemSpace(g_Bc.Header);
        g_Bc.Header = NULL;
    }
    if (g_Bc.SectionObject != NULL) {
        ObDereferenceObject(g_Bc.SectionObject);
        g_Bc.SectionObject = NULL;
    }
    if (g_Bc.SectionHandle != NULL) {
        ZwClose(g_Bc.SectionHandle);
        g_Bc.SectionHandle = NULL;
    }
}

/* called from the process notify routine, PASSIVE_LEVEL */
VOID BcShmPublish(_In_ HANDLE ProcessId, _In_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PBC_HEADER hdr = g_Bc.Header;
    PBC_EVENT slot;
    LONG64 seq;
    USHORT chars;

    seq = InterlockedIncrement64(&hdr->WriteSeq);
    slot = &hdr->Ring[(ULONG64)(seq - 1) % hdr->RingEntries];

    InterlockedExchange64(&slot->Seq, 0);   /* mark as being rewritten */
    KeQuerySystemTime(&slot->Time);
    slot->ProcessId = HandleToULong(ProcessId);
    slot->Created   = CreateInfo != NULL;
    slot->ParentId  = CreateInfo ? HandleToULong(CreateInfo->ParentProcessId) : 0;
    RtlZeroMemory(slot->Image, sizeof(slot->Image));

    if (CreateInfo && CreateInfo->ImageFileName && CreateInfo->ImageFileName->Buffer) {
        chars = CreateInfo->ImageFileName->Length / sizeof(WCHAR);
        if (chars > BC_IMAGE_CHARS - 1) {
            /* keep the end of the path */
            RtlCopyMemory(slot->Image,
                          CreateInfo->ImageFileName->Buffer + (chars - (BC_IMAGE_CHARS - 1)),
                          (BC_IMAGE_CHARS - 1) * sizeof(WCHAR));
        } else {
            RtlCopyMemory(slot->Image, CreateInfo->ImageFileName->Buffer, chars * sizeof(WCHAR));
        }
    }

    InterlockedExchange64(&slot->Seq, seq);
}
