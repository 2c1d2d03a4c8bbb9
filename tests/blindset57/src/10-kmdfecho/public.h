#pragma once
//
// public.h - shared with echoapp.exe
//

// {0f3d2b9a-7c41-4e55-b1a6-92c0de4f7713}
DEFINE_GUID(GUID_DEVINTERFACE_KMDFECHO,
    0x0f3d2b9a, 0x7c41, 0x4e55, 0xb1, 0xa6, 0x92, 0xc0, 0xde, 0x4f, 0x77, 0x13);
