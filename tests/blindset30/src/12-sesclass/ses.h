//
// ses.h - Northwind SCSI Enclosure Services class driver (classpnp based)
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <classpnp.h>
#include <ntstrsafe.h>
}

#define SES_TAG                     'sSEN'
#define SES_SIGNATURE               'cveD'
#define SES_DIAG_PAGE_CONFIGURATION 0x01
#define SES_DIAG_BUFFER_SIZE        4096
#define SES_DEFAULT_REFRESH_SECONDS 30

#define IOCTL_SES_GET_CONFIGURATION \
    CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

// classpnp only hands us raw extension memory; construct in place
inline void* __cdecl operator new(size_t, void* Where) noexcept { return Where; }

//
// Driver-wide context, stored in a driver object extension.
//
struct SES_DRIVER_CONTEXT {
    UNICODE_STRING  RegistryPath;       // private copy, freed on unload / init failure
    ULONG           RefreshSeconds;     // Parameters\RefreshSeconds
    volatile LONG   NextInstance;
};

SES_DRIVER_CONTEXT* SesGetDriverContext(_In_ PDRIVER_OBJECT DriverObject);

//
// Per-FDO state, lives in CommonExtension.DriverData after the
// FUNCTIONAL_DEVICE_EXTENSION. Static members are the classpnp callbacks.
//
class SesDevice {
public:
    static NTSTATUS AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo);
    static NTSTATUS InitDevice(_In_ PDEVICE_OBJECT Fdo);
    static NTSTATUS StartDevice(_In_ PDEVICE_OBJECT Fdo);
    static NTSTATUS StopDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type);
    static NTSTATUS RemoveDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type);
    static NTSTATUS DeviceControl(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp);
    static NTSTATUS ReadWriteVerification(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp);
    static VOID     ProcessError(_In_ PDEVICE_OBJECT Fdo, _In_ PSCSI_REQUEST_BLOCK Srb,
                                 _Inout_ NTSTATUS* Status, _Inout_ BOOLEAN* Retry);

    static constexpr ULONG ExtensionSize() { return sizeof(FUNCTIONAL_DEVICE_EXTENSION) + sizeof(SesDevice); }

private:
    SesDevice() = default;
    ~SesDevice() = default;

    static SesDevice* FromFdo(_In_ PDEVICE_OBJECT Fdo);

    NTSTATUS Initialize(_In_ PDEVICE_OBJECT Fdo);
    VOID     Teardown();
    NTSTATUS RefreshConfiguration();
    NTSTATUS CopyConfiguration(_Inout_ PIRP Irp);

    ULONG                           m_signature;
    PDEVICE_OBJECT                  m_fdo;
    PFUNCTIONAL_DEVICE_EXTENSION    m_fdoExt;
    KSPIN_LOCK                      m_pageLock;
    PUCHAR                          m_page;         // last good configuration page
    ULONG                           m_pageLength;
};
