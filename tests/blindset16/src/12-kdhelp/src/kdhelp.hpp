// kdhelp.hpp - kernel-mode debugger helper: captures DbgPrint output into a
// ring readable from user mode, adds a secondary crash-dump blob, and lets
// a privileged tool trigger a controlled break-in.
//
// Copyright (c) kdhelp contributors. Apache-2.0.

#pragma once

#include <ntifs.h>
#include <ntddk.h>
#include "unique.hpp"

#define KDH_DEVICE_NAME     L"\\Device\\KdHelp"
#define KDH_LINK_NAME       L"\\DosDevices\\KdHelp"

#define IOCTL_KDH_READ_LOG  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_KDH_QUERY     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KDH_BREAK     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define KDH_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "kdhelp: " fmt "\n", ##__VA_ARGS__)
#define KDH_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kdhelp: " fmt "\n", ##__VA_ARGS__)

namespace kd {

struct Config {
    bool  CaptureDbgPrint = true;
    bool  SecondaryDump = true;
    bool  AllowBreak = false;
    ULONG RingSize = 64 * 1024;
};

struct QueryInfo {
    BOOLEAN DebuggerEnabled;
    BOOLEAN DebuggerPresent;
    ULONG   CapturedBytes;
    ULONG   DroppedLines;
};

// Ring of captured debug output.
class Ring {
public:
    Ring() = default;
    ~Ring() { Free(); }

    NTSTATUS Allocate(ULONG size);
    void Free();
    void Append(_In_reads_bytes_(length) const char* text, ULONG length);
    ULONG Snapshot(_Out_writes_bytes_(capacity) char* out, ULONG capacity);

    ULONG Captured() const { return m_total; }
    ULONG Dropped() const { return static_cast<ULONG>(m_dropped); }

    Ring(const Ring&) = delete;
    Ring& operator=(const Ring&) = delete;

private:
    char*         m_buffer = nullptr;
    ULONG         m_size = 0;
    ULONG         m_head = 0;
    ULONG         m_total = 0;
    volatile LONG m_dropped = 0;
    KSPIN_LOCK    m_lock = 0;
};

// DbgSetDebugPrintCallback registration, resolved at run time.
class DbgPrintCapture {
public:
    DbgPrintCapture() = default;
    ~DbgPrintCapture() { Stop(); }

    NTSTATUS Start(ULONG ringSize);
    void Stop();
    Ring& Buffer() { return m_ring; }

    DbgPrintCapture(const DbgPrintCapture&) = delete;
    DbgPrintCapture& operator=(const DbgPrintCapture&) = delete;

private:
    using SetCallbackFn = NTSTATUS (NTAPI*)(PDEBUG_PRINT_CALLBACK, BOOLEAN);

    Ring          m_ring;
    SetCallbackFn m_set = nullptr;
    bool          m_registered = false;
};

// Secondary dump data callback.
class BugCheckRegistration {
public:
    BugCheckRegistration() = default;
    ~BugCheckRegistration() { Deregister(); }

    NTSTATUS Register();
    void Deregister();

    BugCheckRegistration(const BugCheckRegistration&) = delete;
    BugCheckRegistration& operator=(const BugCheckRegistration&) = delete;

private:
    KBUGCHECK_REASON_CALLBACK_RECORD m_record = {};
    bool m_registered = false;
};

// Everything the driver owns. Members are torn down in reverse order of
// declaration: capture, bug check callback, link, device.
struct GlobalState {
    Config               Cfg;
    UniqueDevice         Device;
    UniqueSymlink        Link;
    BugCheckRegistration BugCheck;
    DbgPrintCapture      Capture;
};

extern GlobalState* g_State;

NTSTATUS LoadConfig(_In_ PUNICODE_STRING RegistryPath, _Out_ Config* config);
NTSTATUS CreateControlDevice(_In_ PDRIVER_OBJECT DriverObject, _Inout_ GlobalState* state);

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH DispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH DispatchDeviceControl;

} // namespace kd
