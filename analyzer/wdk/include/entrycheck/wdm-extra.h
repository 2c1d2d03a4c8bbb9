/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of a few documented wdm.h DDIs and role types that
 * mingw-w64's DDK headers lack (newer pool APIs, NX/MDL/registry flag
 * constants, extra role typedefs).
 * Written from the DDI reference; only what DriverEntry-era code calls. */
#ifndef ENTRYCHECK_WDM_EXTRA_H
#define ENTRYCHECK_WDM_EXTRA_H

/* ntdef.h's brackets for C declarations in files that C++ also reads. */
#ifndef EXTERN_C_START
#ifdef __cplusplus
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C_START
#define EXTERN_C_END
#endif
#endif

/* ntdef.h's, which mingw-w64 has only in winnt.h (user mode). */
#ifndef RTL_CONST_CAST
#ifdef __cplusplus
#define RTL_CONST_CAST(type) const_cast<type>
#else
#define RTL_CONST_CAST(type) (type)
#endif
#endif
/* ntdef.h's neutral character names, which kernel code uses too (a logging
 * helper's `LPCTSTR Format`); mingw-w64 has them in winnt.h only. */
#ifndef _WINNT_
#ifndef _TCHAR_DEFINED
#define _TCHAR_DEFINED
#ifdef UNICODE
typedef WCHAR TCHAR, *PTCHAR;
#else
typedef char TCHAR, *PTCHAR;
#endif
#endif
#ifdef UNICODE
typedef LPWSTR PTSTR, LPTSTR;
typedef LPCWSTR PCTSTR, LPCTSTR;
#else
typedef LPSTR PTSTR, LPTSTR;
typedef LPCSTR PCTSTR, LPCTSTR;
#endif
#endif
/* ntdef.h's RTL_CONSTANT_STRING in C++: the kit casts the constness of its
 * argument away (its Buffer is PWCH or PCHAR, chosen by the size of a
 * character), so a literal or a `const WCHAR[]` initializes a UNICODE_STRING
 * or an NDIS_STRING under strict C++; mingw's plain form is an error there. */
#ifdef __cplusplus
extern "C++" {
template <size_t CharSize> struct entrycheck_rtl_char;
template <> struct entrycheck_rtl_char<1> { typedef CHAR type; };
template <> struct entrycheck_rtl_char<2> { typedef WCHAR type; };
}
#undef RTL_CONSTANT_STRING
#define RTL_CONSTANT_STRING(s) \
	{ sizeof(s) - sizeof((s)[0]), sizeof(s), RTL_CONST_CAST(entrycheck_rtl_char<sizeof((s)[0])>::type *)(s) }
#endif
#ifndef DECLSPEC_NOVTABLE
#define DECLSPEC_NOVTABLE __declspec(novtable)
#endif
#ifndef DECLSPEC_NOTHROW
#define DECLSPEC_NOTHROW __declspec(nothrow)
#endif
#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __declspec(selectany)
#endif
#ifndef DECLSPEC_UUID
#define DECLSPEC_UUID(x) __declspec(uuid(x))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Role types: same signature as DRIVER_DISPATCH, different IRQL contract. */
typedef DRIVER_DISPATCH DRIVER_DISPATCH_PAGED;
typedef DRIVER_DISPATCH DRIVER_DISPATCH_RAISED;

typedef VOID DRIVER_REINITIALIZE(PDRIVER_OBJECT DriverObject, PVOID Context,
                                 ULONG Count);

typedef OB_PREOP_CALLBACK_STATUS OB_PRE_OPERATION_CALLBACK(
    PVOID RegistrationContext,
    POB_PRE_OPERATION_INFORMATION OperationInformation);
typedef VOID OB_POST_OPERATION_CALLBACK(
    PVOID RegistrationContext,
    POB_POST_OPERATION_INFORMATION OperationInformation);

/* ExAllocatePool2 family (Windows 10 2004+). */
typedef ULONG64 POOL_FLAGS;
#ifndef POOL_FLAG_USE_QUOTA
#define POOL_FLAG_USE_QUOTA          0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED      0x0000000000000002ULL
#define POOL_FLAG_SESSION            0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED      0x0000000000000008ULL
#define POOL_FLAG_RAISE_ON_FAILURE   0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED          0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE  0x0000000000000080ULL
#define POOL_FLAG_PAGED              0x0000000000000100ULL
#endif

PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                            PVOID ExtendedParameters, ULONG ExtendedParametersCount);
PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                        ULONG Tag);

/* Maps device memory with page protection (Windows 10+): Protect is one
 * PAGE_READWRITE / PAGE_READONLY / PAGE_EXECUTE_* value, optionally ORed with
 * PAGE_NOCACHE or PAGE_WRITECOMBINE (mingw's wdm.h defines those); undone by
 * MmUnmapIoSpace. */
PVOID NTAPI MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect);

/* Pool-type modifier for no-execute non-paged pool (the NonPagedPoolNx value;
 * mingw has NonPagedPoolNx in POOL_TYPE but not this name). */
#ifndef POOL_NX_ALLOCATION
#define POOL_NX_ALLOCATION 512
#endif

/* Page-priority flags ORed into the Priority argument of
 * MmGetSystemAddressForMdlSafe / MmMapLockedPagesSpecifyCache. */
#ifndef MdlMappingNoWrite
#define MdlMappingNoWrite   0x80000000
#endif
#ifndef MdlMappingNoExecute
#define MdlMappingNoExecute 0x40000000
#endif

/* RTL_QUERY_REGISTRY_TABLE.Flags: with RTL_QUERY_REGISTRY_DIRECT, check the
 * value's type against the one stored in DefaultType's top byte
 * (DefaultType = (REG_xxx << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | ...). */
#ifndef RTL_QUERY_REGISTRY_TYPECHECK
#define RTL_QUERY_REGISTRY_TYPECHECK       0x00000100
#endif
#ifndef RTL_QUERY_REGISTRY_TYPECHECK_SHIFT
#define RTL_QUERY_REGISTRY_TYPECHECK_SHIFT 24
#endif

/* Opt-in to NX non-paged pool from DriverEntry. */
#ifndef DrvRtPoolNxOptIn
#define DrvRtPoolNxOptIn 0x00000001
#endif
VOID ExInitializeDriverRuntime(ULONG RuntimeFlags);

/* Per-driver registry state (Windows 10 2004+): IoOpenDriverRegistryKey. */
typedef enum _DRIVER_REGKEY_TYPE {
    DriverRegKeyParameters,
    DriverRegKeyPersistentState,
    DriverRegKeySharedPersistentState
} DRIVER_REGKEY_TYPE, *PDRIVER_REGKEY_TYPE;
NTSTATUS IoOpenDriverRegistryKey(PDRIVER_OBJECT DriverObject, DRIVER_REGKEY_TYPE RegKeyType,
                                 ACCESS_MASK DesiredAccess, ULONG Flags, PHANDLE DriverRegKey);

/* ntdef.h's operators for enums of flags (mingw has them in winnt.h only):
 * nothing in C. */
#ifndef DEFINE_ENUM_FLAG_OPERATORS
#ifdef __cplusplus
#define DEFINE_ENUM_FLAG_OPERATORS(T) extern "C++" { \
    inline T operator|(T a, T b) { return T((long long)a | (long long)b); } \
    inline T &operator|=(T &a, T b) { return a = a | b; } \
    inline T operator&(T a, T b) { return T((long long)a & (long long)b); } \
    inline T &operator&=(T &a, T b) { return a = a & b; } \
    inline T operator^(T a, T b) { return T((long long)a ^ (long long)b); } \
    inline T &operator^=(T &a, T b) { return a = a ^ b; } \
    inline T operator~(T a) { return T(~(long long)a); } }
#else
#define DEFINE_ENUM_FLAG_OPERATORS(T)
#endif
#endif

/* The system time at full resolution (Windows 8+). */
VOID KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime);

/* mingw's KeInitializeCallbackRecord leaves its argument unparenthesized, so
 * the usual KeInitializeCallbackRecord(&Record) reads &(Record->State); the
 * kit's parenthesizes it. */
#undef KeInitializeCallbackRecord
#define KeInitializeCallbackRecord(CallbackRecord) ((CallbackRecord)->State = BufferEmpty)

/* The kit's volatile accessors (wdm.h: ReadAcquire, ReadNoFence, WriteRelease
 * and their typed forms, ReadUInt32Acquire since the Windows 11 kits), which
 * mingw lacks: a driver that finds them in the kit calls them undeclared. A
 * project's own definition of one (xdp's rtl.h, for older kits) has the same
 * signature, so it still compiles after these prototypes. */
#ifndef ENTRYCHECK_VOLATILE_ACCESSORS
#define ENTRYCHECK_VOLATILE_ACCESSORS
BOOLEAN ReadBooleanAcquire(BOOLEAN const volatile *Source);
BOOLEAN ReadBooleanNoFence(BOOLEAN const volatile *Source);
VOID WriteBooleanRelease(BOOLEAN volatile *Destination, BOOLEAN Value);
VOID WriteBooleanNoFence(BOOLEAN volatile *Destination, BOOLEAN Value);
UCHAR ReadUCharAcquire(UCHAR const volatile *Source);
UCHAR ReadUCharNoFence(UCHAR const volatile *Source);
VOID WriteUCharRelease(UCHAR volatile *Destination, UCHAR Value);
VOID WriteUCharNoFence(UCHAR volatile *Destination, UCHAR Value);
USHORT ReadUShortAcquire(USHORT const volatile *Source);
USHORT ReadUShortNoFence(USHORT const volatile *Source);
VOID WriteUShortRelease(USHORT volatile *Destination, USHORT Value);
VOID WriteUShortNoFence(USHORT volatile *Destination, USHORT Value);
ULONG ReadULongAcquire(ULONG const volatile *Source);
ULONG ReadULongNoFence(ULONG const volatile *Source);
VOID WriteULongRelease(ULONG volatile *Destination, ULONG Value);
VOID WriteULongNoFence(ULONG volatile *Destination, ULONG Value);
UINT32 ReadUInt32Acquire(UINT32 const volatile *Source);
UINT32 ReadUInt32NoFence(UINT32 const volatile *Source);
VOID WriteUInt32Release(UINT32 volatile *Destination, UINT32 Value);
VOID WriteUInt32NoFence(UINT32 volatile *Destination, UINT32 Value);
ULONG64 ReadULong64Acquire(ULONG64 const volatile *Source);
ULONG64 ReadULong64NoFence(ULONG64 const volatile *Source);
VOID WriteULong64Release(ULONG64 volatile *Destination, ULONG64 Value);
VOID WriteULong64NoFence(ULONG64 volatile *Destination, ULONG64 Value);
UINT64 ReadUInt64Acquire(UINT64 const volatile *Source);
UINT64 ReadUInt64NoFence(UINT64 const volatile *Source);
VOID WriteUInt64Release(UINT64 volatile *Destination, UINT64 Value);
VOID WriteUInt64NoFence(UINT64 volatile *Destination, UINT64 Value);
LONG_PTR ReadLongPtrAcquire(LONG_PTR const volatile *Source);
LONG_PTR ReadLongPtrNoFence(LONG_PTR const volatile *Source);
VOID WriteLongPtrRelease(LONG_PTR volatile *Destination, LONG_PTR Value);
VOID WriteLongPtrNoFence(LONG_PTR volatile *Destination, LONG_PTR Value);
ULONG_PTR ReadULongPtrAcquire(ULONG_PTR const volatile *Source);
ULONG_PTR ReadULongPtrNoFence(ULONG_PTR const volatile *Source);
VOID WriteULongPtrRelease(ULONG_PTR volatile *Destination, ULONG_PTR Value);
VOID WriteULongPtrNoFence(ULONG_PTR volatile *Destination, ULONG_PTR Value);
LONG ReadAcquire(LONG const volatile *Source);
LONG ReadNoFence(LONG const volatile *Source);
VOID WriteRelease(LONG volatile *Destination, LONG Value);
VOID WriteNoFence(LONG volatile *Destination, LONG Value);
LONG64 ReadAcquire64(LONG64 const volatile *Source);
LONG64 ReadNoFence64(LONG64 const volatile *Source);
VOID WriteRelease64(LONG64 volatile *Destination, LONG64 Value);
VOID WriteNoFence64(LONG64 volatile *Destination, LONG64 Value);
PVOID ReadPointerAcquire(PVOID const volatile *Source);
PVOID ReadPointerNoFence(PVOID const volatile *Source);
VOID WritePointerRelease(PVOID volatile *Destination, PVOID Value);
VOID WritePointerNoFence(PVOID volatile *Destination, PVOID Value);
#endif

/* ntddk.h's newer notify registrations (Windows 10): the Ex2 process notify
 * and the thread notify that also sees threads of other subsystems. The
 * routine is passed as PVOID, as documented. */
typedef enum _PSCREATEPROCESSNOTIFYTYPE {
    PsCreateProcessNotifySubsystems = 0
} PSCREATEPROCESSNOTIFYTYPE;
typedef enum _PSCREATETHREADNOTIFYTYPE {
    PsCreateThreadNotifyNonSystem = 0,
    PsCreateThreadNotifySubsystems = 1
} PSCREATETHREADNOTIFYTYPE;
NTSTATUS PsSetCreateProcessNotifyRoutineEx2(PSCREATEPROCESSNOTIFYTYPE NotifyType, PVOID NotifyInformation,
                                            BOOLEAN Remove);
NTSTATUS PsSetCreateThreadNotifyRoutineEx(PSCREATETHREADNOTIFYTYPE NotifyType, PVOID NotifyInformation);

/* wdm.h's role types of the cancel-safe queue's routines, which drivers
 * declare theirs with (`IO_CSQ_INSERT_IRP MyInsert;`); mingw declares only
 * the pointer types. */
typedef VOID (NTAPI IO_CSQ_INSERT_IRP)(struct _IO_CSQ *Csq, PIRP Irp);
typedef VOID (NTAPI IO_CSQ_REMOVE_IRP)(struct _IO_CSQ *Csq, PIRP Irp);
typedef PIRP (NTAPI IO_CSQ_PEEK_NEXT_IRP)(struct _IO_CSQ *Csq, PIRP Irp, PVOID PeekContext);
typedef VOID (NTAPI IO_CSQ_ACQUIRE_LOCK)(struct _IO_CSQ *Csq, PKIRQL Irql);
typedef VOID (NTAPI IO_CSQ_RELEASE_LOCK)(struct _IO_CSQ *Csq, KIRQL Irql);
typedef VOID (NTAPI IO_CSQ_COMPLETE_CANCELED_IRP)(struct _IO_CSQ *Csq, PIRP Irp);

/* wdm.h's registry-callback object names by cookie (Windows 8), which
 * mingw lacks: the cookie is only read. */
NTSTATUS CmCallbackGetKeyObjectIDEx(PLARGE_INTEGER Cookie, PVOID Object, PULONG_PTR ObjectID,
                                    PCUNICODE_STRING *ObjectName, ULONG Flags);
VOID CmCallbackReleaseKeyObjectIDEx(PCUNICODE_STRING ObjectName);

/* ntddk.h's process-specific access rights (Process Security and Access
 * Rights), which object callbacks strip; mingw has all but one in winnt.h
 * only. */
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE                  (0x0001)
#define PROCESS_CREATE_THREAD              (0x0002)
#define PROCESS_SET_SESSIONID              (0x0004)
#define PROCESS_VM_OPERATION               (0x0008)
#define PROCESS_VM_READ                    (0x0010)
#define PROCESS_VM_WRITE                   (0x0020)
#define PROCESS_CREATE_PROCESS             (0x0080)
#define PROCESS_SET_QUOTA                  (0x0100)
#define PROCESS_SET_INFORMATION            (0x0200)
#define PROCESS_QUERY_INFORMATION          (0x0400)
#define PROCESS_SUSPEND_RESUME             (0x0800)
#define PROCESS_QUERY_LIMITED_INFORMATION  (0x1000)
#define PROCESS_SET_LIMITED_INFORMATION    (0x2000)
#endif
#ifndef PROCESS_DUP_HANDLE
#define PROCESS_DUP_HANDLE                 (0x0040)
#endif

/* Performance counters (wdm.h, Windows 7 and later): a counter set's
 * registration and its instances, which CTRPP-generated headers and drivers
 * call. Written from the documented prototypes and structures. */
typedef struct _PCW_REGISTRATION *PPCW_REGISTRATION;
typedef struct _PCW_INSTANCE *PPCW_INSTANCE;
typedef struct _PCW_BUFFER *PPCW_BUFFER;
typedef struct _PCW_COUNTER_DESCRIPTOR {
    USHORT Id;
    USHORT StructIndex;
    USHORT Offset;
    USHORT Size;
} PCW_COUNTER_DESCRIPTOR, *PPCW_COUNTER_DESCRIPTOR;
typedef struct _PCW_DATA {
    const VOID *Data;
    ULONG Size;
} PCW_DATA, *PPCW_DATA;
typedef enum _PCW_CALLBACK_TYPE {
    PcwCallbackAddCounter = 0,
    PcwCallbackRemoveCounter,
    PcwCallbackEnumerateInstances,
    PcwCallbackCollectData
} PCW_CALLBACK_TYPE, *PPCW_CALLBACK_TYPE;
typedef struct _PCW_MASK_INFORMATION {
    ULONG64 CounterMask;
    PCUNICODE_STRING InstanceMask;
    ULONG InstanceId;
    BOOLEAN CollectMultiple;
    PPCW_BUFFER Buffer;
    PKEVENT CancelEvent;
} PCW_MASK_INFORMATION, *PPCW_MASK_INFORMATION;
typedef union _PCW_CALLBACK_INFORMATION {
    PCW_MASK_INFORMATION AddCounter;
    PCW_MASK_INFORMATION RemoveCounter;
    PCW_MASK_INFORMATION EnumerateInstances;
    PCW_MASK_INFORMATION CollectData;
} PCW_CALLBACK_INFORMATION, *PPCW_CALLBACK_INFORMATION;
typedef NTSTATUS NTAPI PCW_CALLBACK(PCW_CALLBACK_TYPE Type, PPCW_CALLBACK_INFORMATION Info, PVOID Context);
typedef PCW_CALLBACK *PPCW_CALLBACK;
typedef enum _PCW_REGISTRATION_FLAGS {
    PcwRegistrationNone = 0,
    PcwRegistrationSiloNeutral = 1
} PCW_REGISTRATION_FLAGS;
typedef struct _PCW_REGISTRATION_INFORMATION {
    ULONG Version;
    PCUNICODE_STRING Name;
    ULONG CounterCount;
    PPCW_COUNTER_DESCRIPTOR Counters;
    PPCW_CALLBACK Callback;
    PVOID CallbackContext;
    PCW_REGISTRATION_FLAGS Flags;
} PCW_REGISTRATION_INFORMATION, *PPCW_REGISTRATION_INFORMATION;
#define PCW_VERSION_1 0x0100
#define PCW_VERSION_2 0x0200
#define PCW_CURRENT_VERSION PCW_VERSION_2
NTSTATUS NTAPI PcwRegister(PPCW_REGISTRATION *Registration, PPCW_REGISTRATION_INFORMATION Info);
VOID NTAPI PcwUnregister(PPCW_REGISTRATION Registration);
NTSTATUS NTAPI PcwCreateInstance(PPCW_INSTANCE *Instance, PPCW_REGISTRATION Registration, PCUNICODE_STRING Name,
                                 ULONG Count, PPCW_DATA Data);
VOID NTAPI PcwCloseInstance(PPCW_INSTANCE Instance);
NTSTATUS NTAPI PcwAddInstance(PPCW_BUFFER Buffer, PCUNICODE_STRING Name, ULONG Id, ULONG Count, PPCW_DATA Data);

/* wdm.h's reader/writer spin locks (Windows Vista SP1 on), which mingw lacks:
 * the lock is a LONG a driver sets to 0 itself (LOGICAL results as ULONG). */
typedef volatile LONG EX_SPIN_LOCK, *PEX_SPIN_LOCK;
KIRQL NTAPI ExAcquireSpinLockExclusive(PEX_SPIN_LOCK SpinLock);
VOID NTAPI ExReleaseSpinLockExclusive(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
KIRQL NTAPI ExAcquireSpinLockShared(PEX_SPIN_LOCK SpinLock);
VOID NTAPI ExReleaseSpinLockShared(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
VOID NTAPI ExAcquireSpinLockExclusiveAtDpcLevel(PEX_SPIN_LOCK SpinLock);
VOID NTAPI ExReleaseSpinLockExclusiveFromDpcLevel(PEX_SPIN_LOCK SpinLock);
VOID NTAPI ExAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock);
VOID NTAPI ExReleaseSpinLockSharedFromDpcLevel(PEX_SPIN_LOCK SpinLock);
ULONG NTAPI ExTryConvertSharedSpinLockExclusive(PEX_SPIN_LOCK SpinLock);
ULONG NTAPI ExTryAcquireSpinLockExclusiveAtDpcLevel(PEX_SPIN_LOCK SpinLock);
ULONG NTAPI ExTryAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock);

/* wdm.h's kernel ETW provider pieces mingw lacks: the enable callback's
 * role type (mingw has only its pointer), the control codes evntrace.h
 * gives user mode, and EtwSetInformation (Windows 10 on) with its
 * EVENT_INFO_CLASS, which mingw's evntprov.h hides from kernel mode. */
typedef VOID NTAPI ETWENABLECALLBACK(LPCGUID SourceId, ULONG ControlCode, UCHAR Level, ULONGLONG MatchAnyKeyword,
				     ULONGLONG MatchAllKeyword, PEVENT_FILTER_DESCRIPTOR FilterData,
				     PVOID CallbackContext);
#ifndef EVENT_CONTROL_CODE_DISABLE_PROVIDER
#define EVENT_CONTROL_CODE_DISABLE_PROVIDER 0
#define EVENT_CONTROL_CODE_ENABLE_PROVIDER 1
#define EVENT_CONTROL_CODE_CAPTURE_STATE 2
#endif
typedef enum _EVENT_INFO_CLASS {
	EventProviderBinaryTrackInfo,
	EventProviderSetReserved1,
	EventProviderSetTraits,
	EventProviderUseDescriptorType,
	MaxEventInfo
} EVENT_INFO_CLASS;
NTSTATUS NTAPI EtwSetInformation(REGHANDLE RegHandle, EVENT_INFO_CLASS InformationClass, PVOID EventInformation,
				 ULONG InformationLength);

/* mingw defines KeMemoryBarrier for x86 only; the kit has it everywhere. */
#if defined(__x86_64__) || defined(__aarch64__)
VOID KeMemoryBarrier(VOID);
#endif

#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
/* The WDK declares Priority a ULONG (a page priority ORed with MdlMapping*
 * flags, `NormalPagePriority | MdlMappingNoExecute`); mingw-w64 declares
 * MM_PAGE_PRIORITY, which C++ will not convert an int to. */
extern "C++" PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDLX MemoryDescriptorList,
                                                      KPROCESSOR_MODE AccessMode,
                                                      MEMORY_CACHING_TYPE CacheType,
                                                      PVOID BaseAddress, ULONG BugCheckOnFailure,
                                                      ULONG Priority);
#endif

/* Push locks (wdm.h, Windows 10 1809): the Ex functions and the macros
 * drivers call, which give the default flags. */
#ifndef EX_PUSH_LOCK
#define EX_PUSH_LOCK ULONG_PTR
#define PEX_PUSH_LOCK PULONG_PTR
#endif
#ifndef EX_DEFAULT_PUSH_LOCK_FLAGS
#define EX_DEFAULT_PUSH_LOCK_FLAGS 0
EXTERN_C_START
VOID ExAcquirePushLockExclusiveEx(PEX_PUSH_LOCK PushLock, ULONG Flags);
VOID ExAcquirePushLockSharedEx(PEX_PUSH_LOCK PushLock, ULONG Flags);
VOID ExReleasePushLockExclusiveEx(PEX_PUSH_LOCK PushLock, ULONG Flags);
VOID ExReleasePushLockSharedEx(PEX_PUSH_LOCK PushLock, ULONG Flags);
EXTERN_C_END
#define ExAcquirePushLockExclusive(Lock) ExAcquirePushLockExclusiveEx(Lock, EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExAcquirePushLockShared(Lock) ExAcquirePushLockSharedEx(Lock, EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExReleasePushLockExclusive(Lock) ExReleasePushLockExclusiveEx(Lock, EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExReleasePushLockShared(Lock) ExReleasePushLockSharedEx(Lock, EX_DEFAULT_PUSH_LOCK_FLAGS)
#endif

#endif /* ENTRYCHECK_WDM_EXTRA_H */
