// usbcomm.h -- WDM driver for the CP-style USB to serial bridge (CDC-ACM-ish)
//
// One bulk IN, one bulk OUT, line coding via class requests.
#pragma once

extern "C" {
#include <wdm.h>
#include <usb.h>
#include <usbdlib.h>
#include <usbioctl.h>
}

#define UC_TAG              'mCsU'
#define UC_MAX_PACKET       64

#define UC_DBG(...)         DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "usbcomm: " __VA_ARGS__)
#define UC_ERR(...)         DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "usbcomm: " __VA_ARGS__)
#define CHECK(x, lbl)       do { status = (x); if (!NT_SUCCESS(status)) { UC_ERR("%s -> %08x\n", #x, status); goto lbl; } } while (0)

// CDC class requests
#define CDC_SET_LINE_CODING 0x20
#define CDC_GET_LINE_CODING 0x21

#pragma pack(push, 1)
struct LINE_CODING {
    ULONG  DteRate;
    UCHAR  CharFormat;
    UCHAR  ParityType;
    UCHAR  DataBits;
};
#pragma pack(pop)

struct UC_EXTENSION {
    PDEVICE_OBJECT              Self;
    PDEVICE_OBJECT              Pdo;
    PDEVICE_OBJECT              LowerDevice;
    IO_REMOVE_LOCK              RemoveLock;
    UNICODE_STRING              IfName;
    USBD_CONFIGURATION_HANDLE   ConfigHandle;
    USBD_PIPE_HANDLE            BulkIn;
    USBD_PIPE_HANDLE            BulkOut;
    LINE_CODING                 Coding;
    PUCHAR                      NotifyBuf;      // interrupt EP, serial state (reader not wired yet)
    bool                        Started;
};

namespace usbcomm
{
    // acquire/release the remove lock around a dispatch routine
    class RemoveLockGuard
    {
    public:
        RemoveLockGuard(PIO_REMOVE_LOCK lock, PVOID tag)
            : m_lock(lock), m_tag(tag), m_held(false)
        {
            m_status = IoAcquireRemoveLock(m_lock, m_tag);
            m_held = NT_SUCCESS(m_status);
        }
        ~RemoveLockGuard() { if (m_held) IoReleaseRemoveLock(m_lock, m_tag); }
        NTSTATUS Status() const { return m_status; }
        void ReleaseAndWait() { if (m_held) { m_held = false; IoReleaseRemoveLockAndWait(m_lock, m_tag); } }

    private:
        PIO_REMOVE_LOCK m_lock;
        PVOID           m_tag;
        NTSTATUS        m_status;
        bool            m_held;
    };

    class Driver
    {
    public:
        static DRIVER_ADD_DEVICE AddDevice;
        static DRIVER_UNLOAD     Unload;
        static DRIVER_DISPATCH   DispatchPnp;
        static DRIVER_DISPATCH   DispatchPower;
        static DRIVER_DISPATCH   DispatchCreateClose;
        static DRIVER_DISPATCH   DispatchReadWrite;
        static DRIVER_DISPATCH   DispatchIoctl;
        static DRIVER_DISPATCH   DispatchOther;

        static UNICODE_STRING    s_RegistryPath;

    private:
        static NTSTATUS CallUsbd(UC_EXTENSION* ext, PURB urb);
        static NTSTATUS StartDevice(UC_EXTENSION* ext);
        static NTSTATUS SetLineCoding(UC_EXTENSION* ext, const LINE_CODING& lc);
        static NTSTATUS CompleteIrp(PIRP irp, NTSTATUS st, ULONG_PTR info = 0)
        {
            irp->IoStatus.Status = st;
            irp->IoStatus.Information = info;
            IoCompleteRequest(irp, IO_NO_INCREMENT);
            return st;
        }
    };
}
