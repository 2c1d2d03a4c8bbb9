#pragma once

#include <ntddk.h>
#include "trace.h"

#define RA_TAG_QUEUE    'qAgR'
#define RA_TAG_PATH     'pAgR'

#define RA_DEVICE_NAME  L"\\Device\\RegAudit"
#define RA_LINK_NAME    L"\\??\\RegAudit"
#define RA_DEFAULT_ALTITUDE L"385300"

#define RA_KEY_CHARS    200
#define RA_MAX_RECORDS  2048

#define IOCTL_RA_FETCH   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RA_RELOAD  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_WRITE_ACCESS)

namespace regaudit {

enum class Op : ULONG { CreateKey = 1, SetValue, DeleteKey, DeleteValue };

struct Record {
    Op            Operation;
    ULONG         ProcessId;
    LARGE_INTEGER Time;
    WCHAR         Key[RA_KEY_CHARS];
};

class AutoSpinLock {
public:
    explicit AutoSpinLock(PKSPIN_LOCK Lock) : m_Lock(Lock) { KeAcquireSpinLock(m_Lock, &m_Irql); }
    ~AutoSpinLock() { KeReleaseSpinLock(m_Lock, m_Irql); }
    AutoSpinLock(const AutoSpinLock&) = delete;
    AutoSpinLock& operator=(const AutoSpinLock&) = delete;
private:
    PKSPIN_LOCK m_Lock;
    KIRQL       m_Irql;
};

class AuditQueue {
public:
    static void  Init();
    static void  Destroy();
    static void  Add(Op Operation, PCUNICODE_STRING Key);
    static ULONG Fetch(Record* Out, ULONG Max);

private:
    struct Node {
        LIST_ENTRY Link;
        Record     Data;
    };

    static KSPIN_LOCK            s_Lock;
    static LIST_ENTRY            s_Head;
    static ULONG                 s_Count;
    static NPAGED_LOOKASIDE_LIST s_Lookaside;
};

struct Settings {
    volatile LONG AuditCreate;
    volatile LONG AuditSetValue;
    volatile LONG AuditDelete;
};

// RegCallback.cpp
NTSTATUS RegisterRegistryCallback(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING Altitude);
void     UnregisterRegistryCallback();
extern Settings g_Settings;

} // namespace regaudit
