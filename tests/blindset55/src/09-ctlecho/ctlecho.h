#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

//
// ctlecho: a message board.  WriteFile posts a message, ReadFile takes the
// oldest one.  Messages older than CTLECHO_TTL_MS are swept by a periodic
// WDF timer.  Message bodies come from a WDF lookaside list.
//

#define CTLECHO_TAG          'ohcE'
#define CTLECHO_MSG_MAX      256
#define CTLECHO_SLOTS        64
#define CTLECHO_TTL_MS       30000
#define CTLECHO_SWEEP_MS     1000

#define ELOG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "ctlecho: " fmt "\n", __VA_ARGS__))
#define EERR(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "ctlecho: " fmt "\n", __VA_ARGS__))

namespace echo {

struct Message {
    WDFMEMORY Memory;
    ULONG     Length;
    ULONGLONG Stamp;          // KeQueryInterruptTime at post
};

struct Board {
    WDFSPINLOCK  Lock;
    WDFLOOKASIDE Bodies;
    WDFTIMER     Sweeper;
    Message      Slots[CTLECHO_SLOTS];
    ULONG        Head;
    ULONG        Count;
    ULONG        Expired;
};

class Device {
public:
    static NTSTATUS Create(WDFDRIVER Driver);
    static void     Destroy();

private:
    static NTSTATUS InitBoard(WDFDEVICE Device);

    static EVT_WDF_IO_QUEUE_IO_READ        OnRead;
    static EVT_WDF_IO_QUEUE_IO_WRITE       OnWrite;
    static EVT_WDF_TIMER                   OnSweep;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP  OnCleanup;

    static WDFDEVICE s_Device;
};

} // namespace echo

typedef echo::Board ECHO_BOARD;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ECHO_BOARD, GetBoard)
