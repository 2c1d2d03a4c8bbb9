#pragma once
//
// ioctl.h - shared between hellodrv.sys and hellocli.exe
// (the client includes <winioctl.h> before this)
//

#define HELLO_DEVICE_TYPE 0x8000

#define IOCTL_HELLO_PING \
    CTL_CODE(HELLO_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_HELLO_GET_INFO \
    CTL_CODE(HELLO_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_HELLO_CLEAR \
    CTL_CODE(HELLO_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _HELLO_INFO {
    unsigned long  Version;       // 0x0102 = 1.2
    unsigned long  OpenCount;
    unsigned long  EchoLength;
    wchar_t        ServiceKey[200];
} HELLO_INFO, *PHELLO_INFO;
