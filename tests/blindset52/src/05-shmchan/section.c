/*
 * section.c - named pagefile-backed section, mapped into system space
 */
#include "shmchan.h"

/*
 * SYSTEM gets everything, Administrators may map it read/write.
 * Caller frees *AclOut once the section exists (the object manager keeps
 * its own copy of the descriptor).
 */
static NTSTATUS ShmBuildSecurity(_Out_ PSECURITY_DESCRIPTOR Sd, _Out_ PACL *AclOut)
{
    NTSTATUS status;
    ULONG aclSize;
    PACL acl;

    *AclOut = NULL;

    aclSize = sizeof(ACL)
            + 2 * FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart)
            + RtlLengthSid(SeExports->SeLocalSystemSid)
            + RtlLengthSid(SeExports->SeAliasAdminsSid);

    acl = (PACL)ExAllocatePool2(POOL_FLAG_PAGED, aclSize, SHM_TAG);
    if (acl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = RtlCreateAcl(acl, aclSize, ACL_REVISION);
    if (NT_SUCCESS(status)) {
        status = RtlAddAccessAllowedAce(acl, ACL_REVISION, SECTION_ALL_ACCESS,
                                        SeExports->SeLocalSystemSid);
    }
    if (NT_SUCCESS(status)) {
        status = RtlAddAccessAllowedAce(acl, ACL_REVISION,
                                        SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_WRITE,
                                        SeExports->SeAliasAdminsSid);
    }
    if (NT_SUCCESS(status)) {
        status = RtlCreateSecurityDescriptor(Sd, SECURITY_DESCRIPTOR_REVISION);
    }
    if (NT_SUCCESS(status)) {
        status = RtlSetDaclSecurityDescriptor(Sd, TRUE, acl, FALSE);
    }

    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(acl, SHM_TAG);
        return status;
    }

    *AclOut = acl;
    return STATUS_SUCCESS;
}

NTSTATUS ShmCreate(VOID)
{
    NTSTATUS status;
    UNICODE_STRING name = RTL_CONSTANT_STRING(SHM_SECTION_NAME);
    OBJECT_ATTRIBUTES oa;
    SECURITY_DESCRIPTOR sd;
    LARGE_INTEGER maxSize;
    PACL acl = NULL;
    PSHM_HEADER hdr;

    status = ShmBuildSecurity(&sd, &acl);
    if (!NT_SUCCESS(status)) {
        SHM_ERR("building security descriptor: %08X\n", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, &sd);
    maxSize.QuadPart = SHM_SIZE;

    status = ZwCreateSection(&g_Shm.SectionHandle, SECTION_ALL_ACCESS, &oa, &maxSize,
                             PAGE_READWRITE, SEC_COMMIT, NULL);
    ExFreePoolWithTag(acl, SHM_TAG);
    if (!NT_SUCCESS(status)) {
        SHM_ERR("ZwCreateSection: %08X\n", status);
        g_Shm.SectionHandle = NULL;
        return status;
    }

    status = ObReferenceObjectByHandle(g_Shm.SectionHandle, SECTION_MAP_READ | SECTION_MAP_WRITE,
                                       NULL, KernelMode, &g_Shm.SectionObject, NULL);
    if (!NT_SUCCESS(status)) {
        SHM_ERR("ObReferenceObjectByHandle: %08X\n", status);
        ZwClose(g_Shm.SectionHandle);
        g_Shm.SectionHandle = NULL;
        return status;
    }

    g_Shm.View = NULL;
    g_Shm.ViewSize = 0;     /* whole section */
    status = MmMapViewInSystemSpace(g_Shm.SectionObject, &g_Shm.View, &g_Shm.ViewSize);
    if (!NT_SUCCESS(status)) {
        SHM_ERR("MmMapViewInSystemSpace: %08X\n", status);
        ZwClose(g_Shm.SectionHandle);
        g_Shm.SectionHandle = NULL;
        return status;
    }

    RtlZeroMemory(g_Shm.View, g_Shm.ViewSize);
    hdr = (PSHM_HEADER)g_Shm.View;
    hdr->Magic   = SHM_MAGIC;
    hdr->Version = SHM_VERSION;
    hdr->Size    = (ULONG)g_Shm.ViewSize;

    SHM_DBG("section mapped at %p, %Iu bytes\n", g_Shm.View, g_Shm.ViewSize);
    return STATUS_SUCCESS;
}

VOID ShmDestroy(VOID)
{
    if (g_Shm.View != NULL) {
        ZwUnmapViewOfSection(ZwCurrentProcess(), g_Shm.View);
        g_Shm.View = NULL;
    }
    if (g_Shm.SectionObject != NULL) {
        ObDereferenceObject(g_Shm.SectionObject);
        g_Shm.SectionObject = NULL;
    }
    if (g_Shm.SectionHandle != NULL) {
        ZwClose(g_Shm.SectionHandle);
        g_Shm.SectionHandle = NULL;
    }
}
