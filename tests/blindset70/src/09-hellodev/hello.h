#pragma once
#include <ntddk.h>

#define HELLO_NT_NAME    L"\\Device\\HelloDev"
#define HELLO_DOS_NAME   L"\\DosDevices\\HelloDev"
#define HELLO_TAG        'lleH'
#define HELLO_BUF_SIZE   256

#define IOCTL_HELLO_SET_MSG  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_HELLO_GET_MSG  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define HLOG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "HelloDev: " fmt "\n", __VA_ARGS__))

typedef struct _HELLO_EXT {
    FAST_MUTEX Lock;
    PCHAR      Message;
    ULONG      MessageLen;
} HELLO_EXT, *PHELLO_EXT;

extern PDEVICE_OBJECT g_HelloDevice;
extern UNICODE_STRING g_HelloLink;
extern BOOLEAN        g_LinkCreated;

NTSTATUS HelloSetMessage(PHELLO_EXT Ext, PCSTR Data, ULONG Len);
ULONG    HelloGetMessage(PHELLO_EXT Ext, PCHAR Out, ULONG OutLen);
