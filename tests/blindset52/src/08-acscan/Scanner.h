#pragma once
#include <ntddk.h>
#include <ntimage.h>
#include "crc32.h"

#define AC_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "acscan: " fmt "\n", __VA_ARGS__)

namespace ac {

constexpr ULONG kTag          = 'nScA';
constexpr LONG  kScanPeriodMs = 5000;

//
// Self integrity check: CRC of our own .text, re-checked every few seconds
// from a work item (timer DPC -> IO_WORKITEM -> PASSIVE_LEVEL scan).
//
class Scanner {
public:
    static NTSTATUS Initialize(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT DeviceObject);
    static void     Arm();
    static void     Teardown();
    static ULONG    Mismatches() { return s_Mismatches; }

private:
    static bool FindText(PVOID imageBase, PUCHAR* text, SIZE_T* size);

    static KDEFERRED_ROUTINE    TimerDpc;
    static IO_WORKITEM_ROUTINE  ScanWorker;

    static KTIMER        s_Timer;
    static KDPC          s_Dpc;
    static KEVENT        s_Idle;
    static PIO_WORKITEM  s_WorkItem;
    static volatile LONG s_Queued;
    static PUCHAR        s_Text;
    static SIZE_T        s_TextSize;
    static PUCHAR        s_Snapshot;
    static ULONG         s_Baseline;
    static ULONG         s_Mismatches;
};

} // namespace ac
