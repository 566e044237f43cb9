#include "codeview.h"
