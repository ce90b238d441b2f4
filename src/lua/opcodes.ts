/**
 * Bytecode of the Cinder Lua VM. Each instruction is 4 int32 words in
 * `Proto.code`: [op, a, b, c]. `pc` counts words (instruction index * 4).
 * RK operands: value >= 0 is a register, value < 0 is constant `k[-1 - v]`.
 * Jump targets are absolute word offsets.
 */
export const OP_MOVE = 0; //      a b      R[a] = R[b]
export const OP_LOADK = 1; //     a b      R[a] = K[b]
export const OP_LOADBOOL = 2; //  a b c    R[a] = b != 0; if c then pc += 4
export const OP_LOADNIL = 3; //   a b      R[a..b] = nil
export const OP_GETUPVAL = 4; //  a b      R[a] = U[b].v
export const OP_GETGLOBAL = 5; // a b      R[a] = G[K[b]]
export const OP_GETTABLE = 6; //  a b c    R[a] = R[b][RK(c)]
export const OP_SETGLOBAL = 7; // a b      G[K[b]] = R[a]
export const OP_SETUPVAL = 8; //  a b      U[b].v = R[a]
export const OP_SETTABLE = 9; //  a b c    R[a][RK(b)] = RK(c)
export const OP_NEWTABLE = 10; // a b c    R[a] = {} (b array size hint, c hash size hint)
export const OP_SELF = 11; //     a b c    R[a+1] = R[b]; R[a] = R[b][RK(c)]
export const OP_ADD = 12; //      a b c    R[a] = RK(b) + RK(c)
export const OP_SUB = 13;
export const OP_MUL = 14;
export const OP_DIV = 15;
export const OP_MOD = 16;
export const OP_POW = 17;
export const OP_UNM = 18; //      a b      R[a] = -R[b]
export const OP_NOT = 19; //      a b      R[a] = not R[b]
export const OP_LEN = 20; //      a b      R[a] = #R[b]
export const OP_CONCAT = 21; //   a b c    R[a] = R[b] .. ... .. R[c]
export const OP_JMP = 22; //      _ b      pc = b
export const OP_EQ = 23; //       a b c    if ((RK(b) == RK(c)) != a) pc += 4
export const OP_LT = 24; //       a b c    if ((RK(b) <  RK(c)) != a) pc += 4
export const OP_LE = 25; //       a b c    if ((RK(b) <= RK(c)) != a) pc += 4
export const OP_TEST = 26; //     a _ c    if (truthy(R[a]) != c) pc += 4
export const OP_TESTSET = 27; //  a b c    if (truthy(R[b]) == c) R[a] = R[b] else pc += 4
export const OP_CALL = 28; //     a b c    R[a..a+c-2] = R[a](R[a+1..a+b-1]); b=0: args to top; c=0: results to top
export const OP_TAILCALL = 29; // a b      return R[a](R[a+1..a+b-1])
export const OP_RETURN = 30; //   a b      return R[a..a+b-2]; b=0: to top
export const OP_FORLOOP = 31; //  a b      R[a] += R[a+2]; if R[a] <?= R[a+1] { pc = b; R[a+3] = R[a] }
export const OP_FORPREP = 32; //  a b      check/coerce; R[a] -= R[a+2]; pc = b
export const OP_TFORCALL = 33; // a _ c    R[a+3..a+2+c] = R[a](R[a+1], R[a+2])
export const OP_TFORLOOP = 34; // a b      if R[a+3] != nil { R[a+2] = R[a+3]; pc = b }
export const OP_SETLIST = 35; //  a b c    R[a][c+i] = R[a+i], 1 <= i <= b; b=0: to top
export const OP_CLOSURE = 36; //  a b      R[a] = closure(protos[b])
export const OP_VARARG = 37; //   a b      R[a..a+b-2] = vararg; b=0: all, sets top
export const OP_NEWBOX = 38; //   a        R[a] = Box(R[a])
export const OP_GETBOX = 39; //   a b      R[a] = R[b].v
export const OP_SETBOX = 40; //   a b      R[a].v = RK(b)
export const OP_GETTABLE_K = 41; // a b c  R[a] = R[b][K[c]] (c: constant string index)
export const OP_SETTABLE_K = 42; // a b c  R[a][K[b]] = RK(c)
export const OP_ADD_RK = 43; //   a b c    R[a] = R[b] + K[c] (number constant)
export const OP_SUB_RK = 44;
export const OP_LT_RK = 45; //    a b c    if ((R[b] < K[c]) != a) pc += 4 (number constant)
export const OP_LE_RK = 46;
export const OP_LT_KR = 47; //    a b c    if ((K[b] < R[c]) != a) pc += 4
export const OP_LE_KR = 48;
export const OP_EQ_RK = 49; //    a b c    if ((R[b] == K[c]) != a) pc += 4 (K non-table)
export const OP_VARARGTABLE = 50; // a     R[a] = {varargs..., n = #varargs} (5.1 compat `arg`)

export const OP_NAMES = [
  'MOVE', 'LOADK', 'LOADBOOL', 'LOADNIL', 'GETUPVAL', 'GETGLOBAL', 'GETTABLE', 'SETGLOBAL', 'SETUPVAL',
  'SETTABLE', 'NEWTABLE', 'SELF', 'ADD', 'SUB', 'MUL', 'DIV', 'MOD', 'POW', 'UNM', 'NOT', 'LEN', 'CONCAT',
  'JMP', 'EQ', 'LT', 'LE', 'TEST', 'TESTSET', 'CALL', 'TAILCALL', 'RETURN', 'FORLOOP', 'FORPREP', 'TFORCALL',
  'TFORLOOP', 'SETLIST', 'CLOSURE', 'VARARG', 'NEWBOX', 'GETBOX', 'SETBOX', 'GETTABLE_K', 'SETTABLE_K',
  'ADD_RK', 'SUB_RK', 'LT_RK', 'LE_RK', 'LT_KR', 'LE_KR', 'EQ_RK', 'VARARGTABLE',
];
