/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <ntifs.h>: mingw-w64's header, with
 * FSRTL_ADVANCED_FCB_HEADER laid out as the kit documents it since Windows 8.
 * mingw's stops at FileContextSupportPointer, so a file system that keeps its
 * oplock in the header (`&Fcb->Header.Oplock`) fails to parse. A struct
 * cannot be extended from outside, so mingw's is renamed out of the way
 * while its header is read, with the routines and the typedef that name it,
 * and declared again here with the kit's members. */
#ifndef ENTRYCHECK_NTIFS_H
#define ENTRYCHECK_NTIFS_H

#define _FSRTL_ADVANCED_FCB_HEADER entrycheck_mingw_FSRTL_ADVANCED_FCB_HEADER
#define FSRTL_ADVANCED_FCB_HEADER entrycheck_mingw_FSRTL_ADVANCED_FCB_HEADER_T
#define PFSRTL_ADVANCED_FCB_HEADER entrycheck_mingw_PFSRTL_ADVANCED_FCB_HEADER
#define PFN_FSRTLTEARDOWNPERSTREAMCONTEXTS entrycheck_mingw_PFN_FSRTLTEARDOWNPERSTREAMCONTEXTS
#define FsRtlTeardownPerStreamContexts entrycheck_mingw_FsRtlTeardownPerStreamContexts
#define FsRtlInsertPerStreamContext entrycheck_mingw_FsRtlInsertPerStreamContext
#define FsRtlLookupPerStreamContextInternal entrycheck_mingw_FsRtlLookupPerStreamContextInternal
#define FsRtlRemovePerStreamContext entrycheck_mingw_FsRtlRemovePerStreamContext
#define FsRtlSetupAdvancedHeader entrycheck_mingw_FsRtlSetupAdvancedHeader
#include_next <ntifs.h>
#undef _FSRTL_ADVANCED_FCB_HEADER
#undef FSRTL_ADVANCED_FCB_HEADER
#undef PFSRTL_ADVANCED_FCB_HEADER
#undef PFN_FSRTLTEARDOWNPERSTREAMCONTEXTS
#undef FsRtlTeardownPerStreamContexts
#undef FsRtlInsertPerStreamContext
#undef FsRtlLookupPerStreamContextInternal
#undef FsRtlRemovePerStreamContext
#undef FsRtlSetupAdvancedHeader

#ifdef __cplusplus
typedef struct _FSRTL_ADVANCED_FCB_HEADER : FSRTL_COMMON_FCB_HEADER {
#else
typedef struct _FSRTL_ADVANCED_FCB_HEADER {
	FSRTL_COMMON_FCB_HEADER_LAYOUT
#endif
	PFAST_MUTEX FastMutex;
	LIST_ENTRY FilterContexts;
	EX_PUSH_LOCK PushLock;
	PVOID *FileContextSupportPointer;
	union {
		OPLOCK Oplock;
		PVOID ReservedForRemote;
	};
	PVOID AePushLock;
	PVOID ReservedContextLegacy;
	ULONG BypassIoOpenCount;
	struct _FSRTL_PER_STREAM_CONTEXT *ReservedContext;
} FSRTL_ADVANCED_FCB_HEADER, *PFSRTL_ADVANCED_FCB_HEADER;

typedef VOID (*PFN_FSRTLTEARDOWNPERSTREAMCONTEXTS)(PFSRTL_ADVANCED_FCB_HEADER AdvancedHeader);

#ifdef __cplusplus
extern "C" {
#endif
NTKERNELAPI VOID NTAPI FsRtlTeardownPerStreamContexts(PFSRTL_ADVANCED_FCB_HEADER AdvancedHeader);
NTKERNELAPI NTSTATUS NTAPI FsRtlInsertPerStreamContext(PFSRTL_ADVANCED_FCB_HEADER PerStreamContext,
	PFSRTL_PER_STREAM_CONTEXT Ptr);
NTKERNELAPI PFSRTL_PER_STREAM_CONTEXT NTAPI FsRtlLookupPerStreamContextInternal(
	PFSRTL_ADVANCED_FCB_HEADER StreamContext, PVOID OwnerId, PVOID InstanceId);
NTKERNELAPI PFSRTL_PER_STREAM_CONTEXT NTAPI FsRtlRemovePerStreamContext(
	PFSRTL_ADVANCED_FCB_HEADER StreamContext, PVOID OwnerId, PVOID InstanceId);
#ifdef __cplusplus
}
#endif

/* The kit's inline routine: marks the header advanced, version 1, with an
 * empty filter-context list. */
FORCEINLINE VOID NTAPI FsRtlSetupAdvancedHeader(PVOID AdvHdr, PFAST_MUTEX FMutex)
{
	PFSRTL_ADVANCED_FCB_HEADER header = (PFSRTL_ADVANCED_FCB_HEADER)AdvHdr;
	header->Flags |= FSRTL_FLAG_ADVANCED_HEADER;
	header->Flags2 |= FSRTL_FLAG2_SUPPORTS_FILTER_CONTEXTS;
	header->Version = FSRTL_FCB_HEADER_V1;
	InitializeListHead(&header->FilterContexts);
	if (FMutex != NULL)
		header->FastMutex = FMutex;
	*((PULONG_PTR)(&header->PushLock)) = 0;
	header->FileContextSupportPointer = NULL;
}

/* The role type of an IoRegisterFsRegistrationChange routine, which the
 * kit declares (`DRIVER_FS_NOTIFICATION FsNotify;`) and mingw's header does
 * not: only its pointer type. */
typedef VOID DRIVER_FS_NOTIFICATION(PDEVICE_OBJECT DeviceObject, BOOLEAN FsActive);

#endif
