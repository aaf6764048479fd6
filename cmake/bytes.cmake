# SPDX-License-Identifier: MIT
# bytes.cmake — yb_c_bytes(FILE BYTES LEN): FILE's contents as a C initialiser list
# ("0x7b,0x22,…", 24 a line, a trailing comma) in BYTES and its length in LEN. Shared by
# the embedding scripts (embed.cmake, embed_places.cmake, embed_web.cmake).
function(yb_c_bytes file bytes_var len_var)
  file(READ "${file}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "((0x..,){24})" "\\1\n" bytes "${bytes}")
  set(${bytes_var} "${bytes}" PARENT_SCOPE)
  set(${len_var} "${len}" PARENT_SCOPE)
endfunction()
