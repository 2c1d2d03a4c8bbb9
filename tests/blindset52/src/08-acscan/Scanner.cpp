#include "Scanner.h"

namespace ac {

KTIMER        Scanner::s_Timer;
KDPC          Scanner::s_Dpc;
KEVENT        Scanner::s_Idle;
PIO_WORKITEM  Scanner::s_WorkItem;
volatile LONG Scanner::s_Queued;
PUCHAR        Scanner::s_Text;
SIZE_T        Scanner::s_TextSize;
PUCHAR        Scanner::s_Snapshot;
ULONG         Scanner::s_Baseline;
ULONG         Scanner::s_Mismatches;

bool Scanner::FindText(PVOID imageBase, PUCHAR* text, SIZE_T* size)
{
    auto base = static_cast<PUCHAR>(imageBase);
    auto dos  = reinterpret_cast<PIMAGE_DOS_HEADER>(base);
    if (dos->e_magic != IMAGE_DOS_SIGNATURE) {
        return false;
    }

    auto nt = reinterpret_cast<PIMAGE_NT_HEADERS>(base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE) {
        return false;
    }

    auto section = IMAGE_FIRST_SECTION(nt);
    for (USHORT i = 0; i < nt->FileHeader.NumberOfSections; i++, section++) {
        if (RtlCompareMemory(section->Name, ".text", 5) == 5) {
            *text = base + section->VirtualAddress;
            *size = section->Misc.VirtualSize;
            return true;
        }
    }
    return false;
}

NTSTATUS Scanner::Initialize(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT DeviceObject)
{
    if (!FindText(DriverObject->DriverStart, &s_Text, &s_TextSize)) {
        AC_LOG("could not locate .text");
        return STATUS_INVALID_IMAGE_FORMAT;
    }

    // keep a pristine copy so a mismatch can be pinned to an offset
    s_Snapshot = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, s_TextSize, kTag));
    if (!s_Snapshot) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(s_Snapshot, s_Text, s_TextSize);
    s_Baseline = AcCrc32(s_Text, s_TextSize);

    s_WorkItem = IoAllocateWorkItem(DeviceObject);
    if (!s_WorkItem) {
        AC_LOG("IoAllocateWorkItem failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeEvent(&s_Idle, NotificationEvent, TRUE);
    KeInitializeDpc(&s_Dpc, TimerDpc, nullptr);
    KeInitializeTimerEx(&s_Timer, NotificationTimer);
    s_Queued = 0;
    s_Mismatches = 0;

    AC_LOG(".text at %p, %Iu bytes, crc %08X", s_Text, s_TextSize, s_Baseline);
    return STATUS_SUCCESS;
}

void Scanner::Arm()
{
    LARGE_INTEGER due;
    due.QuadPart = -10000LL * kScanPeriodMs;
    KeSetTimerEx(&s_Timer, due, kScanPeriodMs, &s_Dpc);
}

void Scanner::TimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    // one scan at a time; if the last one is still going just skip this tick
    if (InterlockedCompareExchange(&s_Queued, 1, 0) != 0) {
        return;
    }
    KeClearEvent(&s_Idle);
    IoQueueWorkItem(s_WorkItem, ScanWorker, DelayedWorkQueue, nullptr);
}

void Scanner::ScanWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    ULONG crc = AcCrc32(s_Text, s_TextSize);
    if (crc != s_Baseline) {
        SIZE_T off = AcFirstDifference(s_Text, s_Snapshot, s_TextSize);
        s_Mismatches++;
        AC_LOG("TAMPER: .text crc %08X, expected %08X, first diff at +0x%Ix", crc, s_Baseline, off);
    }

    KeSetEvent(&s_Idle, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&s_Queued, 0);
}

void Scanner::Teardown()
{
    // a scan may be in flight; wait for it before freeing what it uses
    KeWaitForSingleObject(&s_Idle, Executive, KernelMode, FALSE, nullptr);

    if (s_WorkItem) {
        IoFreeWorkItem(s_WorkItem);
        s_WorkItem = nullptr;
    }
    if (s_Snapshot) {
        ExFreePoolWithTag(s_Snapshot, kTag);
        s_Snapshot = nullptr;
    }
}

} // namespace ac
