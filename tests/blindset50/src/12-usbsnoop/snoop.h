// snoop.h -- URB snooper, WDM upper filter for USB function devices
//
// Records the URB function code, pipe and transfer length of every
// IOCTL_INTERNAL_USB_SUBMIT_URB that passes through, and prints a
// summary line per burst from a low-priority worker thread.
#pragma once

extern "C" {
#include <ntddk.h>
#include <usb.h>
#include <usbioctl.h>
}

#define SNOOP_TAG           'poNS'
#define SNOOP_MAX_BURST     32

#define SLOG(fmt, ...)      DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "usbsnoop: " fmt "\n", ##__VA_ARGS__)
#define SERR(fmt, ...)      DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "usbsnoop: " fmt "\n", ##__VA_ARGS__)

namespace snoop
{
    struct UrbRecord
    {
        SLIST_ENTRY         Entry;          // must be first, SLIST alignment
        PDEVICE_OBJECT      Device;
        USHORT              Function;
        USBD_PIPE_HANDLE    Pipe;
        ULONG               Length;
    };

    struct DevExt
    {
        PDEVICE_OBJECT  Self;
        PDEVICE_OBJECT  Lower;
        IO_REMOVE_LOCK  RemoveLock;
        PWCHAR          HardwareId;     // first string of the MULTI_SZ, for the log
        volatile LONG   Urbs;
    };

    // owns the worker thread; Start/Stop are the only ways in and out
    class Logger
    {
    public:
        static NTSTATUS Start();
        static void     Stop();
        static void     Post(PDEVICE_OBJECT dev, PURB urb);

    private:
        static KSTART_ROUTINE Thread;

        static NPAGED_LOOKASIDE_LIST s_Pool;
        static SLIST_HEADER          s_Queue;
        static KEVENT                s_Wake;
        static PETHREAD              s_Thread;
        static volatile LONG         s_Stop;
        static volatile LONG         s_Lost;
        static bool                  s_PoolReady;
    };

    class Filter
    {
    public:
        static DRIVER_ADD_DEVICE AddDevice;
        static DRIVER_UNLOAD     Unload;
        static DRIVER_DISPATCH   DispatchPassThrough;
        static DRIVER_DISPATCH   DispatchInternalIoctl;
        static DRIVER_DISPATCH   DispatchPnp;
        static DRIVER_DISPATCH   DispatchPower;
    };

    // remove lock held for the scope, unless handed off
    class RemoveLockHold
    {
    public:
        RemoveLockHold(DevExt* ext, PIRP irp) : m_ext(ext), m_irp(irp)
        {
            m_status = IoAcquireRemoveLock(&ext->RemoveLock, irp);
        }
        ~RemoveLockHold()
        {
            if (m_irp && NT_SUCCESS(m_status)) IoReleaseRemoveLock(&m_ext->RemoveLock, m_irp);
        }
        NTSTATUS Status() const { return m_status; }
        void ReleaseAndWait()
        {
            IoReleaseRemoveLockAndWait(&m_ext->RemoveLock, m_irp);
            m_irp = nullptr;
        }
    private:
        DevExt*  m_ext;
        PIRP     m_irp;
        NTSTATUS m_status;
    };
}
