/*
 * beacon.c - WDM driver that sends a heartbeat to a management controller:
 * a periodic timer with a DPC, a paged lookaside list of messages, an ETW
 * provider for its diagnostics and a performance counter set.
 *
 * BUG (DE011 x4): DriverEntry sets DriverUnload to a routine that only
 * traces its own call: the timer keeps firing into the unloaded DPC, the
 * lookaside list stays linked in the system's list, the provider stays
 * registered with a callback-less handle into freed memory, and the counter
 * set stays registered with counters in the unloaded image.
 */

#include <ntddk.h>

#define BC_TAG 'ncBB'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BcUnload;
KDEFERRED_ROUTINE BcBeat;

/* {0c5ee0a4-5a3e-4d4b-bc1e-6f0a0c7e9d12} */
static const GUID BcProvider =
    { 0x0c5ee0a4, 0x5a3e, 0x4d4b, { 0xbc, 0x1e, 0x6f, 0x0a, 0x0c, 0x7e, 0x9d, 0x12 } };

static KTIMER BcTimer;
static KDPC BcDpc;
static PAGED_LOOKASIDE_LIST BcMessages;
static REGHANDLE BcEtw;
static PPCW_REGISTRATION BcCounters;
static UNICODE_STRING BcCounterName = RTL_CONSTANT_STRING(L"Beacon");
static PCW_COUNTER_DESCRIPTOR BcCounterFields[] = {
    { 0, 0, 0, sizeof(ULONG64) },   /* beats sent */
};

_Use_decl_annotations_
VOID
BcBeat(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
}

_Use_decl_annotations_
VOID
BcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "beacon: unload\n");
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    LARGE_INTEGER due;
    PCW_REGISTRATION_INFORMATION counters;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = EtwRegister(&BcProvider, NULL, NULL, &BcEtw); // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(&counters, sizeof(counters));
    counters.Version = PCW_VERSION_1;
    counters.Name = &BcCounterName;
    counters.CounterCount = RTL_NUMBER_OF(BcCounterFields);
    counters.Counters = BcCounterFields;
    status = PcwRegister(&BcCounters, &counters);       // expect: DE011
    if (!NT_SUCCESS(status)) {
        EtwUnregister(BcEtw);
        return status;
    }
    ExInitializePagedLookasideList(&BcMessages, NULL, NULL, 0, 64, BC_TAG, 0); // expect: DE011

    KeInitializeDpc(&BcDpc, BcBeat, NULL);
    KeInitializeTimer(&BcTimer);
    due.QuadPart = -10 * 1000 * 1000;
    KeSetTimerEx(&BcTimer, due, 1000, &BcDpc);          // expect: DE011

    DriverObject->DriverUnload = BcUnload;
    return STATUS_SUCCESS;
}
