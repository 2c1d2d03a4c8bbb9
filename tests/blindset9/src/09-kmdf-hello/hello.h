/*
 * KmdfHello - started as the "hello world" KMDF tutorial (root enumerated,
 * installed with devcon), now it also has a control device that keeps a
 * greeting string the client can read and replace:  \\.\KmdfHello
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define HELLO_TAG          'lleH'
#define HELLO_DEVICE_NAME  L"\\Device\\KmdfHello"
#define HELLO_LINK_NAME    L"\\DosDevices\\KmdfHello"
#define HELLO_MAX_TEXT     128

#define IOCTL_HELLO_GET  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HELLO_SET  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define HELLO_LOG(fmt, ...) KdPrint(("KmdfHello: " fmt "\n", __VA_ARGS__))

typedef struct _HELLO_CONTEXT {
    WDFWAITLOCK Lock;
    ULONG       Length;             /* bytes used in Text */
    CHAR        Text[HELLO_MAX_TEXT];
    ULONG       Reads;
} HELLO_CONTEXT, *PHELLO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(HELLO_CONTEXT, HelloGetContext)

extern WDFDEVICE g_ControlDevice;

/* driver.c */
EVT_WDF_DRIVER_DEVICE_ADD HelloEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP HelloEvtDeviceCleanup;

/* control.c */
NTSTATUS HelloCreateControlDevice(_In_ WDFDRIVER Driver);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL HelloEvtIoDeviceControl;
